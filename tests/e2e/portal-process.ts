import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "@playwright/test";
import { migrateDatabase } from "../../scripts/database";
import { freshDatabaseUrl } from "../support/database";

// A portal process of a test's own (the same production build, its own database and settings), for tests that
// stop, kill or restart it, which the shared e2e server must never be.

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type Portal = { url: string; process: ChildProcess; output: () => string; exited: Promise<number | null> };

let template: Promise<string> | undefined;

/**
 * A new database already migrated: a copy of one migrated once per worker (a file, or a PostgreSQL database made
 * from it). `npm start` finds it up to date and starts without running Prisma's CLI (scripts/database.ts); starting
 * on a new empty database is what the shared e2e portal and start-config.test.ts do.
 */
async function migratedDatabaseUrl(dir: string): Promise<string> {
  template ??= (async () => {
    const url = await freshDatabaseUrl(mkdtempSync(join(tmpdir(), "mi-template-")));
    if (!(await migrateDatabase(url))) throw new Error("prisma migrate deploy failed on the template database");
    return url;
  })();
  return freshDatabaseUrl(dir, await template);
}

/** Settings for a portal on a free port with a fresh, migrated database; `extra` adds or overrides variables. */
export async function portalSettings(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "mi-portal-"));
  return {
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    DATABASE_URL: await migratedDatabaseUrl(dir),
    LOG_LEVEL: "warn",
    PWNED_PASSWORDS_URL: "off",
    // A key file of its own (lib/server/security/data-key.ts), beside its database, not the checkout's data/.
    DATA_KEY_FILE: join(dir, "data-key"),
    // As the shared portal (playwright.config.ts); dev-mailbox.spec.ts's portal turns it on.
    NEW_DEVICE_CHECK: "off",
    ...extra,
  };
}

/** Starts `npm start`'s script with `settings` and waits until /healthz answers 200. */
export async function startPortal(settings: Record<string, string>): Promise<Portal> {
  // As `npm start` runs it: one process, so a signal sent to `process` reaches the server itself.
  const start = ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/start.ts"];
  const child = spawn("node", start, { env: { ...process.env, ...settings }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${settings.PORT}`;
  await expect
    .poll(async () => (await fetch(`${url}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000 })
    .toBe(200);
  return { url: settings.APP_URL ?? url, process: child, output: () => output, exited };
}

export type OutboxFigures = { pending: number; retrying: number; dead: number };

/** The outbox figures operators read at /healthz (the portal must have been started with HEALTH_TOKEN). */
export async function outboxFigures(url: string, healthToken: string): Promise<OutboxFigures | null> {
  const response = await fetch(`${url}/healthz`, { headers: { Authorization: `Bearer ${healthToken}` } }).catch(() => null);
  if (response?.status !== 200) return null;
  return ((await response.json()) as { outbox?: OutboxFigures }).outbox ?? null;
}

/**
 * Outbox settings for a test's own portal: the worker looks often, retries soon and a claim lapses soon, so a
 * test waits for the outbox to settle in seconds rather than the minutes of the defaults.
 */
export const QUICK_OUTBOX = { OUTBOX_POLL_MS: "250", OUTBOX_RETRY_FIRST_MS: "1000", OUTBOX_LEASE_MS: "5000" };
