// The processes scripts/bench-load.ts runs: portal instances (as `npm start` runs them), HAProxy in front of two,
// a throwaway PostgreSQL cluster. Everything started is registered for cleanup, which also runs on Ctrl-C.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "../../tests/support/database";

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;

/** Runs `fn` at cleanup (last registered, first run); returns a function that runs it now instead. */
export function onCleanup(fn: () => Promise<void> | void): () => Promise<void> {
  cleanups.push(fn);
  return async () => {
    const at = cleanups.indexOf(fn);
    if (at >= 0) cleanups.splice(at, 1);
    await fn();
  };
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch((error) => console.error("cleanup:", error));
  })();
  return cleaning;
}

/**
 * Runs a bench's `main` and exits with its code (1 if it threw, after `onError`), stopping whatever it started
 * first: a bench never leaves a portal, HAProxy or PostgreSQL running.
 */
export function runBench(main: () => Promise<number>, onError: () => void = () => {}): void {
  main().then(
    async (code) => {
      await cleanUp();
      process.exit(code);
    },
    async (error: unknown) => {
      onError();
      console.error(error);
      await cleanUp();
      process.exit(1);
    },
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the bench started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// The e2e suite's own, so every tool that starts a portal picks ports the same way.
export { freePort } from "../../tests/e2e/portal-process";

async function waitForHealth(url: string, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const why = failed();
    if (why) throw new Error(why);
    if ((await fetch(`${url}/healthz`).then((r) => r.status, () => 0)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No healthy answer from ${url}/healthz within 120 s`);
}

/** Stops `child` with SIGTERM (the portal's graceful stop), SIGKILL if it is still there after 15 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** `pid` is the process serving `url` (a portal runs as one process, as `npm start` runs it); `exited` settles when it ends. */
export type Instance = { url: string; output: () => string; stop: () => Promise<void>; pid: number; exited: Promise<unknown> };

/** Starts one portal as `npm start` runs it (it migrates the database itself) and waits until /healthz answers. */
export async function startPortal(settings: Record<string, string>): Promise<Instance> {
  // Mail to the dev mailbox (sign-ins send none), and real captchas, unless `settings` say otherwise.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.SMTP_URL;
  delete env.CAPTCHA_TEST_CODE;
  Object.assign(env, settings);
  const args = ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/start.ts"];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stopNow = onCleanup(() => stop(child));
  const url = `http://127.0.0.1:${settings.PORT}`;
  const exitedEarly = () => (child.exitCode !== null ? `The portal on ${url} exited with ${child.exitCode}:\n${output}` : null);
  await waitForHealth(url, exitedEarly);
  return { url, output: () => output, stop: stopNow, pid: child.pid!, exited };
}

export function haproxyPath(): string | null {
  return spawnSync("sh", ["-c", "command -v haproxy"]).stdout.toString().trim() || null;
}

/** HAProxy with the production file, ops/haproxy.cfg (round robin), in front of `apps`; answers once both are up. */
export async function startHaproxy(haproxy: string, port: number, apps: Instance[]): Promise<Instance> {
  const env = { ...process.env, MI_LISTEN: `127.0.0.1:${port}`, MI_APP1: new URL(apps[0]!.url).host, MI_APP2: new URL(apps[1]!.url).host };
  const child = spawn(haproxy, ["-db", "-f", resolve("ops/haproxy.cfg")], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stopNow = onCleanup(() => stop(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, () => (child.exitCode !== null ? `haproxy exited with ${child.exitCode}:\n${output}` : null));
  // Both servers must be marked up before measuring, or the first seconds go to one instance only.
  const servedBy = new Set<string>();
  for (let i = 0; i < 40 && servedBy.size < 2; i++) {
    const answer = await fetch(`${url}/healthz`).catch(() => null);
    servedBy.add(answer?.headers.get("x-served-by") ?? "");
    if (servedBy.size < 2) await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => output, stop: stopNow, pid: child.pid!, exited };
}

export type Postgres = { adminUrl: string; version: string; origin: string };

/**
 * A PostgreSQL server where databases may be created: BENCH_POSTGRES_URL, or a throwaway cluster made with
 * scripts/throwaway-postgres.sh and removed at cleanup. A string says why there is none.
 */
export async function postgresServer(): Promise<Postgres | string> {
  let adminUrl = process.env.BENCH_POSTGRES_URL;
  let origin = "BENCH_POSTGRES_URL";
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), "mi-bench-load-pg-"));
    try {
      // DURABLE=1: PostgreSQL's own settings (fsync on), so the figures are a real server's.
      adminUrl = execFileSync("bash", ["scripts/throwaway-postgres.sh", "start", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DURABLE: "1" } }).trim();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
      return `no PostgreSQL (${stderr || (error as Error).message}); or set BENCH_POSTGRES_URL`;
    }
    // Synchronous, so it also runs from a signal handler on the way out.
    onCleanup(() => void spawnSync("bash", ["scripts/throwaway-postgres.sh", "stop", dir], { stdio: "ignore" }));
    // Reached through its Unix socket, as a server on the same machine should be (docs/OPERATIONS.md): over loopback
    // TCP every statement also passes through the kernel's TCP stack, on the two cores bcrypt needs. Three alternating
    // pairs of `bench:load -- postgres` gave 0.85 / 0.87 / 0.87 of bcrypt's rate by socket against 0.85 / 0.84 / 0.83
    // by TCP (the rest of a sign-in 9.2 / 7.9 / 7.4 ms against 12.9 / 11.2 / 11.6); two instances behind HAProxy
    // showed no difference beyond the spread. BENCH_PG_TCP=1 measures by TCP.
    const tcp = Boolean(process.env.BENCH_PG_TCP);
    if (!tcp) adminUrl = `${adminUrl}?host=${encodeURIComponent(dir)}`;
    origin = `throwaway cluster, default settings (fsync on), by ${tcp ? "TCP" : "its Unix socket"}`;
  }
  try {
    const [row] = await sql<{ server_version: string }>(adminUrl, "SHOW server_version");
    return { adminUrl, origin, version: row?.server_version.split(" ")[0] ?? "?" };
  } catch (error) {
    return `PostgreSQL at ${origin} does not answer: ${(error as Error).message}`;
  }
}

/** A new empty database on `pg`, dropped at cleanup (the cluster may be someone else's). */
export async function createDatabase(pg: Postgres, name: string): Promise<string> {
  const database = `mi_bench_load_${name}_${process.pid}_${Date.now().toString(36)}`;
  await sql(pg.adminUrl, `CREATE DATABASE "${database}"`);
  onCleanup(() => sql(pg.adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).then(() => undefined));
  const url = new URL(pg.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops a database of createDatabase's once it has served (its cleanup then finds nothing to do). */
export async function dropDatabase(pg: Postgres, databaseUrl: string): Promise<void> {
  await sql(pg.adminUrl, `DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
}

/**
 * Writes out what earlier cases left in PostgreSQL's memory (CHECKPOINT), so that the next case's measurements do not
 * pay for it: after case B's look-up table of 100 000 accounts, case C's rounds fell from 0.88 to 0.82 of bcrypt's
 * rate one after another while the server flushed and vacuumed B's rows.
 */
export async function settleDatabaseServer(pg: Postgres): Promise<void> {
  await sql(pg.adminUrl, "CHECKPOINT");
}

/** Brings a database up to date quietly (prisma migrate deploy); Prisma's output is shown only if it fails. */
export function migrateQuietly(databaseUrl: string): void {
  const result = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}${result.stderr}`);
}
