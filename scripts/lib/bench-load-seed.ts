// Seeded accounts for scripts/bench-load.ts: account n has a predictable email, Mi ID and activation token, so
// the load and the look-ups can name any of them without reading the database. All share one bcrypt hash.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { databaseKind, sqliteFile } from "@/lib/server/db/url";
import { sql } from "../../tests/support/database";

export const PASSWORD = "Bench-load-pass-1";

/** As typed at registration: capital first letter, so emailKey (the whole address lower-cased) differs from it. */
export const emailOf = (n: number) => `Bench${n}@example.com`;
export const emailKeyOf = (n: number) => emailOf(n).toLowerCase();
export const miIdOf = (n: number) => String(1_000_000_000 + n);
export const accountIdOf = (n: number) => `bench${n}`;
/** SHA-256 hex, as lib/server/security/secrets.ts's hashSecret stores a token. */
export const tokenHashOf = (n: number) => createHash("sha256").update(`bench-token-${n}`, "utf8").digest("hex");

/**
 * Accounts from..to-1 ("active", locale en, country GB, no offers), each with one activation token if `tokens`.
 * PostgreSQL: one INSERT … SELECT … FROM generate_series per table. SQLite: prepared inserts in one transaction.
 */
export async function seedAccounts(databaseUrl: string, from: number, to: number, passwordHash: string, tokens: boolean): Promise<void> {
  if (to <= from) return;
  if (databaseKind(databaseUrl) === "postgres") {
    // TIMESTAMP(3) columns hold UTC, as the app's driver adapter writes them.
    await sql(
      databaseUrl,
      `INSERT INTO "Account" ("id", "miId", "email", "emailKey", "country", "wantsOffers", "passwordHash", "status", "createdAt", "activatedAt", "locale")
       SELECT 'bench' || n, (1000000000 + n)::text, 'Bench' || n || '@example.com', 'bench' || n || '@example.com', 'GB', false, ?,
              'active', now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc', 'en'
       FROM generate_series(?::int, ?::int) AS n`,
      passwordHash, from, to - 1,
    );
    if (tokens) {
      await sql(
        databaseUrl,
        `INSERT INTO "ActivationToken" ("tokenHash", "passwordHash", "accountId", "createdAt", "expiresAt")
         SELECT encode(sha256(convert_to('bench-token-' || n, 'UTF8')), 'hex'), ?, 'bench' || n,
                now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc' + interval '1 day'
         FROM generate_series(?::int, ?::int) AS n`,
        passwordHash, from, to - 1,
      );
    }
    // Fresh statistics, as autovacuum would soon give them, so the planner sees the table's real size.
    await sql(databaseUrl, 'ANALYZE "Account"');
    if (tokens) await sql(databaseUrl, 'ANALYZE "ActivationToken"');
    return;
  }
  const db = new Database(sqliteFile(databaseUrl), { fileMustExist: true });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    // As @prisma/adapter-better-sqlite3 writes a DateTime (iso8601), so the app's client reads these rows back.
    const now = new Date().toISOString().replace("Z", "+00:00");
    const expires = new Date(Date.now() + 86_400_000).toISOString().replace("Z", "+00:00");
    const account = db.prepare(
      `INSERT INTO "Account" ("id", "miId", "email", "emailKey", "country", "wantsOffers", "passwordHash", "status", "createdAt", "activatedAt", "locale")
       VALUES (?, ?, ?, ?, 'GB', 0, ?, 'active', ?, ?, 'en')`,
    );
    const token = db.prepare(`INSERT INTO "ActivationToken" ("tokenHash", "passwordHash", "accountId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (let n = from; n < to; n++) {
        account.run(accountIdOf(n), miIdOf(n), emailOf(n), emailKeyOf(n), passwordHash, now, now);
        if (tokens) token.run(tokenHashOf(n), passwordHash, accountIdOf(n), now, expires);
      }
    })();
  } finally {
    db.close();
  }
}
