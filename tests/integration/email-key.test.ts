import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { ALREADY_REGISTERED_SUBJECT, newAccount, OTHER_PASSWORD, registerActive, signInAs } from "../support/fixtures";
import { testDatabaseKind } from "../support/database";
import { inbox } from "../support/integration-context";
import { registerAccount } from "../support/flows";

// One account per mailbox whatever the letter case: "Alice@x" and "alice@x" are one person.
describe("one account per mailbox", () => {
  it("registering the address in another case reaches the same account, and warns its owner", async () => {
    const input = newAccount();
    const { outcome } = await registerActive(input);
    expect(outcome.kind).toBe("created");
    inbox().clear();
    expect(await registerAccount({ ...input, email: input.email.toUpperCase(), password: OTHER_PASSWORD })).toMatchObject({ kind: "already-active" });
    expect(await db.account.count({ where: { emailKey: input.email.toLowerCase() } })).toBe(1);
    expect(inbox().messages().map((mail) => [mail.to, mail.subject])).toEqual([[[input.email], ALREADY_REGISTERED_SUBJECT]]);
    // What the person typed at registration is what they see and what mail goes to.
    expect((await db.account.findFirstOrThrow({ where: { emailKey: input.email.toLowerCase() } })).email).toBe(input.email);
    expect((await signInAs(input.email.toUpperCase(), input.password)).ok).toBe(true);
  });
});

const root = path.resolve(import.meta.dirname, "../..");
const prisma = path.join(root, "node_modules/.bin/prisma");
// The migration under test; later ones are applied after it, as on a real upgrade.
const LAST = "20261126190000_attack_defences";

// An old SQLite migration; PostgreSQL databases start from a schema that has had emailKey from the first.
describe.skipIf(testDatabaseKind() === "postgres")("the migration that adds emailKey", () => {
  it("keeps existing accounts and, where two differ only in case, leaves the address to the active one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mi-email-key-"));
    try {
      const file = path.join(dir, "before.db");
      const env = { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" };
      // The database as it was before: the migrations up to that one, not it nor any later.
      cpSync(path.join(root, "prisma"), path.join(dir, "prisma"), { recursive: true });
      const migrations = path.join(dir, "prisma/sqlite/migrations");
      for (const name of readdirSync(migrations)) if (name >= LAST && name !== "migration_lock.toml") rmSync(path.join(migrations, name), { recursive: true });
      execFileSync(prisma, ["migrate", "deploy", "--schema", path.join(dir, "prisma/sqlite")], { cwd: root, env, stdio: "pipe" });
      const before = new Database(file);
      const insert = before.prepare('INSERT INTO "Account" (id, miId, email, country, wantsOffers, passwordHash, status, createdAt) VALUES (?, ?, ?, ?, 0, ?, ?, ?)');
      insert.run("a1", "1000000001", "Alice@Example.com", "GB", "h1", "pending", 1000);
      insert.run("a2", "1000000002", "alice@example.com", "GB", "h2", "active", 2000);
      insert.run("a3", "1000000003", "bob@example.com", "GB", "h3", "pending", 1000);
      before.prepare('INSERT INTO "ActivationToken" (tokenHash, accountId, createdAt, expiresAt) VALUES (?, ?, ?, ?)').run("t3", "a3", 1000, 9e12);
      before.close();

      execFileSync(prisma, ["migrate", "deploy"], { cwd: root, env, stdio: "pipe" });
      const after = new Database(file, { readonly: true });
      expect(after.prepare('SELECT id, email, emailKey FROM "Account" ORDER BY id').all()).toEqual([
        { id: "a1", email: "Alice@Example.com", emailKey: "alice@example.com#duplicate:a1" },
        { id: "a2", email: "alice@example.com", emailKey: "alice@example.com" },
        { id: "a3", email: "bob@example.com", emailKey: "bob@example.com" },
      ]);
      // A link made before the migration carries the account's password and no browser.
      expect(after.prepare('SELECT passwordHash, draftIdHash FROM "ActivationToken" WHERE tokenHash = ?').get("t3")).toEqual({ passwordHash: "h3", draftIdHash: null });
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
