// Run as its own process (tests/integration/shared-counters.test.ts): consumes one limit `times` times for
// `key` against DATABASE_URL, as one app instance would, and prints how many were allowed.
const [, , key = "", times = "1"] = process.argv;
const { consumeLimit, LIMITS } = await import("@/lib/server/security/rate-limit");
const { db } = await import("@/lib/server/db/client");
let allowed = 0;
for (let i = 0; i < Number(times); i++) if ((await consumeLimit({ limit: LIMITS.registrationPerIp, key })).ok) allowed++;
await db.$disconnect();
console.log(JSON.stringify({ allowed }));
