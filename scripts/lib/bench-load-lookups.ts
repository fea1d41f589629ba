// Look-ups at scale: seed a small table, time the app's look-ups, grow it, time them again.
import { spawn } from "node:child_process";
import { seedAccounts } from "./bench-load-seed";
import { count as n, percentile, table } from "./bench-load-stats";

export const LOOKUP_KINDS = { emailKey: "account by emailKey", miId: "account by miId", tokenHash: "activation token by tokenHash" } as const;
type Timings = Record<keyof typeof LOOKUP_KINDS, number[]>;

/** Runs scripts/lib/bench-load-lookup-child.ts against `databaseUrl` (see there why a process of its own). */
function timeLookups(databaseUrl: string, accounts: number, samples: number): Promise<Timings> {
  const args = ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/lib/bench-load-lookup-child.ts", String(accounts), String(samples)];
  const child = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as Timings);
      else reject(new Error(`look-ups on ${databaseUrl} failed (exit ${code}):\n${stdout}${stderr}`));
    });
  });
}

const micros = (values: number[], p: number) => `${Math.round(percentile(values, p))} µs`;

/**
 * Seeds `small` accounts (with tokens) into the migrated, empty database, times the look-ups, grows it to `big`
 * and times them again. Returns the lines to print.
 */
export async function lookupsAtScale(databaseUrl: string, passwordHash: string, small: number, big: number, samples: number): Promise<string[]> {
  let started = performance.now();
  await seedAccounts(databaseUrl, 0, small, passwordHash, true);
  const seededSmall = (performance.now() - started) / 1000;
  const before = await timeLookups(databaseUrl, small, samples);
  started = performance.now();
  await seedAccounts(databaseUrl, small, big, passwordHash, true);
  const seededBig = (performance.now() - started) / 1000;
  const after = await timeLookups(databaseUrl, big, samples);

  const rows = [
    ["accounts (and as many tokens)", n(small), "", n(big), "", "", ""],
    ["", "p50", "p95", "p50", "p95", "ratio p50", ""],
  ];
  for (const [kind, label] of Object.entries(LOOKUP_KINDS) as [keyof Timings, string][]) {
    const ratio = percentile(after[kind], 50) / percentile(before[kind], 50);
    // An index keeps a look-up near constant time; a scan of the big table would take about 1 000× longer.
    const verdict = ratio <= 2 ? "ok (≈ 1: indexed)" : ratio <= 5 ? "grows: check" : "GROWS WITH SIZE (target ≈ 1)";
    rows.push([label, micros(before[kind], 50), micros(before[kind], 95), micros(after[kind], 50), micros(after[kind], 95), `${ratio.toFixed(2)}×`, verdict]);
  }
  return [
    `look-ups through the app's Prisma client, ${n(samples)} random each (${n(small)} accounts + tokens seeded in ${seededSmall.toFixed(2)} s, grown by ${n(big - small)} + tokens in ${seededBig.toFixed(1)} s)`,
    ...table(rows),
  ];
}
