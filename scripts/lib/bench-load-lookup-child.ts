// Run by scripts/lib/bench-load-lookups.ts in a process of its own, with DATABASE_URL set: the app's Prisma client
// (lib/server/db/client.ts) reads it once on import, so each database gets its own process. Times the look-ups
// the app makes (sign-in by email or Mi ID, the activation link by its token's hash) for random seeded accounts
// and prints the timings in µs as one JSON line.
import { emailKeyOf, miIdOf, tokenHashOf } from "./bench-load-seed";

const [accounts = 0, samples = 0] = process.argv.slice(2).map(Number);

async function timings(lookUp: (n: number) => Promise<unknown>): Promise<number[]> {
  const random = () => Math.floor(Math.random() * accounts);
  for (let i = 0; i < 200; i++) await lookUp(random()); // warm the connection, the statement cache and the JIT
  const taken: number[] = [];
  for (let i = 0; i < samples; i++) {
    const n = random();
    const start = performance.now();
    const found = await lookUp(n);
    taken.push((performance.now() - start) * 1000);
    if (!found) throw new Error(`seeded row ${n} not found`);
  }
  return taken;
}

async function main() {
  const { db } = await import("@/lib/server/db/client");
  const result = {
    emailKey: await timings((n) => db.account.findUnique({ where: { emailKey: emailKeyOf(n) } })),
    miId: await timings((n) => db.account.findUnique({ where: { miId: miIdOf(n) } })),
    tokenHash: await timings((n) =>
      db.activationToken.findUnique({
        where: { tokenHash: tokenHashOf(n) },
        select: { tokenHash: true, expiresAt: true, passwordHash: true, draftIdHash: true, account: { select: { id: true, status: true, miId: true, email: true } } },
      }),
    ),
  };
  await db.$disconnect();
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
