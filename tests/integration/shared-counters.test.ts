import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { databaseUrl } from "../support/integration-context";

const run = promisify(execFile);

// Two app instances are two processes with their own connections to one database: each must see the
// other's counts, or a client could double its allowance by landing on both.
describe("rate-limit counters across processes", () => {
  it("two processes consuming one limit together are allowed exactly its points", async () => {
    const key = `shared-${process.pid}`;
    const env = { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: "silent" };
    // Each process alone tries the whole allowance: together they try twice what the limit allows.
    const times = LIMITS.registrationPerIp.points;
    const instance = () => run("node_modules/.bin/tsx", ["--require", "./scripts/server-context.cjs", "tests/support/consume-limit.mts", key, String(times)], { env });
    const results = await Promise.all([instance(), instance()]);
    const allowed = results.map(({ stdout }) => (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { allowed: number }).allowed);
    console.log(`two processes, ${2 * times} attempts at a limit of ${LIMITS.registrationPerIp.points}: allowed ${allowed.join(" + ")}`);
    expect(allowed.reduce((a, b) => a + b, 0)).toBe(LIMITS.registrationPerIp.points);
  }, 60_000);
});
