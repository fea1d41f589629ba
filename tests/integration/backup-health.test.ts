import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/server/ops/health";
import { registerActive } from "../support/fixtures";
import { databaseFile } from "../support/integration-context";

const run = promisify(execFile);
const backup = ["--require", "./scripts/server-context.cjs", "scripts/db-backup.ts"];

describe("db:backup", () => {
  it("writes a consistent copy that holds the accounts, and never overwrites a file", async () => {
    const { input, miId } = await registerActive();
    const target = join(mkdtempSync(join(tmpdir(), "mi-backup-")), "copy.db");
    const env = { ...process.env, DATABASE_URL: `file:${databaseFile()}` };
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
});

describe("health", () => {
  it("says the database is up", async () => {
    expect(await checkHealth()).toMatchObject({ status: "ok", database: "up", outbox: { dead: expect.any(Number) } });
  });
});
