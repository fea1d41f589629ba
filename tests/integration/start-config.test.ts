import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isMigrated } from "../../scripts/database";
import { freshDatabaseUrl, sql, testDatabaseKind } from "../support/database";
import { databaseUrl } from "../support/integration-context";

const run = promisify(execFile);
// As package.json runs them.
const start = ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/start.ts"];
const migrate = ["node_modules/.bin/tsx", ["--require", "./scripts/server-context.cjs", "scripts/migrate.ts"]] as const;

async function failure(command: string, args: readonly string[], settings: Record<string, string>) {
  const error = await run(command, args, { env: { ...process.env, ...settings } }).then(
    () => expect.unreachable("it should have failed"),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  return { code: error.code, output: `${error.stdout}${error.stderr}` };
}

// The configuration checks read no database: they run in the SQLite pass only (each is a child process of its own;
// the PostgreSQL pass would repeat them word for word). What differs by database, migrating and starting, runs in both.
const sqliteOnly = testDatabaseKind() !== "sqlite";

describe.skipIf(sqliteOnly)("npm start with bad configuration", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/mi"],
  ])("stops at once on %s=%j, naming it, without a stack trace", async (name, value) => {
    const { code, output } = await failure(process.execPath, start, { [name]: value });
    expect(code).not.toBe(0);
    expect(output).toMatch(new RegExp(`^Invalid configuration:\\n  ${name}: `, "m"));
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain("listening");
  });
});

describe("npm run db:migrate", () => {
  it.skipIf(testDatabaseKind() !== "sqlite")("creates a missing database file and its folder, in WAL mode, with every migration applied", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "mi-migrate-")), "new", "mi.db");
    await run(...migrate, { env: { ...process.env, DATABASE_URL: `file:${file}` } });
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare('SELECT count(*) AS n FROM "Account"').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 60_000);

  it.skipIf(testDatabaseKind() !== "postgres")("applies every migration to an empty PostgreSQL database", async () => {
    const url = await freshDatabaseUrl(mkdtempSync(join(tmpdir(), "mi-migrate-")));
    await run(...migrate, { env: { ...process.env, DATABASE_URL: url } });
    expect(await sql(url, 'SELECT count(*) AS n FROM "Account"')).toEqual([{ n: 0 }]);
    const applied = await sql<{ migration_name: string; finished_at: unknown }>(url, 'SELECT "migration_name", "finished_at" FROM "_prisma_migrations"');
    const expected = readdirSync("prisma/postgres/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(applied.map((row) => row.migration_name).sort()).toEqual(expected.sort());
    expect(applied.every((row) => row.finished_at !== null)).toBe(true);
  }, 60_000);

  // npm start skips Prisma's CLI (a second and a half of CPU) only when it would have nothing to do.
  it("counts a database as migrated only when every migration of the history is applied and finished", async () => {
    const url = databaseUrl(); // this file's copy of the migrated template
    expect(await isMigrated(url)).toBe(true);
    const [last] = await sql<{ name: string }>(url, 'SELECT "migration_name" AS "name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1');
    const finished = await sql<{ at: unknown }>(url, 'SELECT "finished_at" AS "at" FROM "_prisma_migrations" WHERE "migration_name" = ?', last!.name);
    await sql(url, 'UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = ?', last!.name);
    expect(await isMigrated(url)).toBe(false); // a failed migration: Prisma must say so
    await sql(url, 'UPDATE "_prisma_migrations" SET "finished_at" = ?, "migration_name" = ? WHERE "migration_name" = ?', finished[0]!.at, "20000101000000_unknown", last!.name);
    expect(await isMigrated(url)).toBe(false); // one pending, one the history does not know
    await sql(url, 'UPDATE "_prisma_migrations" SET "migration_name" = ? WHERE "migration_name" = ?', last!.name, "20000101000000_unknown");
    expect(await isMigrated(url)).toBe(true);
    expect(await isMigrated(await freshDatabaseUrl(mkdtempSync(join(tmpdir(), "mi-migrate-"))))).toBe(false);
  });

  it.skipIf(sqliteOnly)("refuses bad configuration like npm start", async () => {
    const { code, output } = await failure(...migrate, { DATABASE_URL: "mysql://x" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/^ {2}DATABASE_URL: /m);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe.skipIf(sqliteOnly)("the Prisma CLI alone", () => {
  it("says DATABASE_URL is missing instead of guessing a file", async () => {
    const { code, output } = await failure("node_modules/.bin/prisma", ["migrate", "deploy"], { DATABASE_URL: "" });
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL is not set: run npm run db:migrate");
  }, 60_000);
});

// Issue 21, point 14: running it locally.
describe("start-up messages", () => {
  const runtime = ["--require", "./scripts/server-context.cjs", "--import", "tsx"];

  it.skipIf(sqliteOnly)("loading the configuration prints nothing, so `next build` (which loads it in several processes) prints no mail warning", async () => {
    const script = 'await import("./lib/server/config/env.ts")';
    const { stdout, stderr } = await run(process.execPath, [...runtime, "--input-type=module", "-e", script], {
      env: { ...process.env, NODE_ENV: "production", SMTP_URL: "" },
    });
    expect(`${stdout}${stderr}`).toBe("");
  });

  it("npm start with no SMTP_URL and no SMS_URL names the dev mailbox and the dev phone by their full URLs, and migrating prints no Prisma schema warning", async () => {
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const url = await freshDatabaseUrl(mkdtempSync(join(tmpdir(), "mi-start-")));
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, start, { env: { ...process.env, DATABASE_URL: url, PORT: String(port), SMTP_URL: "", SMS_URL: "", LOG_LEVEL: "warn" } });
      let text = "";
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`no dev phone line within 60 s:\n${text}`));
      }, 60_000);
      const read = (chunk: Buffer) => {
        text += chunk.toString();
        // The dev phone's line comes right after the mailbox's.
        if (text.includes("/dev/sms")) {
          clearTimeout(timer);
          child.kill("SIGTERM");
          child.once("exit", () => resolve(text));
        }
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
    });
    expect(output).toContain(`http://localhost:${port}/dev/mail`);
    expect(output).toContain(`http://localhost:${port}/dev/sms`);
    expect(output).not.toMatch(/\bat \/dev\/mail\b/);
    expect(output).toContain("All migrations have been successfully applied");
    expect(output).not.toContain("will NOT be used");
    expect(output).not.toContain("WARNING: Your schema specifies");
  }, 90_000);
});
