import "server-only";
import { rowReader, rowText, rowTextOrNull } from "../raw";
import { sql } from "../sql";

// The Account statements every sign-in runs, by hand (sql.ts says why: a Prisma model call costs ~1.2 ms of CPU,
// these a few hundredths). Everything else reads and writes accounts through the Prisma client.

const readAccountToSignIn = rowReader({ id: rowText, email: rowTextOrNull, passwordHash: rowText, status: rowText, locale: rowText });
export type AccountToSignIn = ReturnType<typeof readAccountToSignIn>;

/** The few columns sign-in reads, by Mi Account ID, by the address's key or by the E.164 phone number. */
export async function findAccountToSignIn(by: { miId: string } | { emailKey: string } | { phone: string }): Promise<AccountToSignIn | null> {
  const rows =
    "miId" in by
      ? await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale" FROM "Account" WHERE "miId" = ${by.miId}`
      : "phone" in by
        ? await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale" FROM "Account" WHERE "phone" = ${by.phone}`
        : await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale" FROM "Account" WHERE "emailKey" = ${by.emailKey}`;
  return rows[0] ? readAccountToSignIn(rows[0]) : null;
}

/** A new hash for the same password, only if the stored one is still `from` (a password changed meanwhile stays). */
export async function rehashPassword({ accountId, from, to }: { accountId: string; from: string; to: string }): Promise<void> {
  await sql.run`UPDATE "Account" SET "passwordHash" = ${to} WHERE "id" = ${accountId} AND "passwordHash" = ${from}`;
}
