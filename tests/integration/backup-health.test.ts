import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/server/ops/health";
import { registerActive } from "../support/fixtures";
import { testDatabaseKind } from "../support/database";
import { databaseUrl } from "../support/integration-context";

const run = promisify(execFile);
// As `npm run db:backup` runs it.
const backup = ["--require", "./scripts/server-context.cjs", "scripts/db-backup.ts"];

describe("db:backup", () => {
  it.skipIf(testDatabaseKind() !== "sqlite")("writes a consistent copy of the SQLite file that holds the accounts, and never overwrites a file", async () => {
    const { input, miId } = await registerActive();
    const target = join(mkdtempSync(join(tmpdir(), "mi-backup-")), "copy.db");
    const env = { ...process.env, DATABASE_URL: databaseUrl() };
    await run("node_modules/.bin/tsx", [...backup, target], { env });
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.prepare('SELECT "miId" FROM "Account" WHERE "email" = ?').get(input.email)).toEqual({ miId });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      copy.close();
    }
    await expect(run("node_modules/.bin/tsx", [...backup, target], { env })).rejects.toThrow(/exists already/);
  });

  it.skipIf(testDatabaseKind() !== "postgres")("writes a pg_dump archive of the PostgreSQL database that holds the accounts, and never overwrites a file", async () => {
    const { input, miId } = await registerActive();
    const target = join(mkdtempSync(join(tmpdir(), "mi-backup-")), "copy.dump");
    const env = { ...process.env, DATABASE_URL: databaseUrl() };
    await run("node_modules/.bin/tsx", [...backup, target], { env });
    expect(existsSync(target)).toBe(true);
    const archive = readFileSync(target);
    // pg_dump's custom format starts with its magic bytes.
    expect(archive.subarray(0, 5).toString("latin1")).toBe("PGDMP");
    const { stdout: contents } = await run("pg_restore", ["--list", target]);
    expect(contents).toMatch(/TABLE public "?Account"? /);
    expect(contents).toMatch(/TABLE DATA public "?Account"? /);
    // The account's row is in the archive's data (plain SQL out of the archive, without a database).
    const { stdout: data } = await run("pg_restore", ["--data-only", "--table=Account", "--file=-", target], { maxBuffer: 64 * 1024 * 1024 });
    expect(data).toContain(input.email);
    expect(data).toContain(miId);
    await expect(run("node_modules/.bin/tsx", [...backup, target], { env })).rejects.toThrow(/exists already/);
  });
});

describe("health", () => {
  it("says the database is up", async () => {
    expect(await checkHealth()).toMatchObject({ status: "ok", database: "up", outbox: { dead: expect.any(Number) } });
  });

  it("counts the outbox only when an operator's view asks for it (a load balancer's check does not)", async () => {
    expect(await checkHealth({ outbox: false })).toEqual({ status: "ok", database: "up" });
  });
});
