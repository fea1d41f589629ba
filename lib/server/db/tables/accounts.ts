import "server-only";
import { rowFlag, rowReader, rowText, rowTextOrNull } from "../raw";
import { sql } from "../sql";

// The Account statements every sign-in runs, by hand (sql.ts says why: a Prisma model call costs ~1.2 ms of CPU,
// these a few hundredths). Everything else reads and writes accounts through the Prisma client.

/** `twoStep`: two-step verification is on (a confirmed authenticator app, methods/authenticator-app/app.ts). */
const readAccountToSignIn = rowReader({ id: rowText, email: rowTextOrNull, passwordHash: rowText, status: rowText, locale: rowText, twoStep: rowFlag });
export type AccountToSignIn = ReturnType<typeof readAccountToSignIn>;

/** The few columns sign-in reads, by Mi Account ID, by the address's key or by the E.164 phone number. */
export async function findAccountToSignIn(by: { miId: string } | { emailKey: string } | { phone: string }): Promise<AccountToSignIn | null> {
  // Whether two-step is on comes with the row: one statement, where asking the AuthenticatorApp table after the
  // password was a second one (and a Prisma call) in every sign-in.
  const rows =
    "miId" in by
      ? await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale", EXISTS (SELECT 1 FROM "AuthenticatorApp" WHERE "accountId" = "Account"."id" AND "confirmedAt" IS NOT NULL) AS "twoStep" FROM "Account" WHERE "miId" = ${by.miId}`
      : "phone" in by
        ? await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale", EXISTS (SELECT 1 FROM "AuthenticatorApp" WHERE "accountId" = "Account"."id" AND "confirmedAt" IS NOT NULL) AS "twoStep" FROM "Account" WHERE "phone" = ${by.phone}`
        : await sql.rows<Record<string, unknown>>`SELECT "id", "email", "passwordHash", "status", "locale", EXISTS (SELECT 1 FROM "AuthenticatorApp" WHERE "accountId" = "Account"."id" AND "confirmedAt" IS NOT NULL) AS "twoStep" FROM "Account" WHERE "emailKey" = ${by.emailKey}`;
  return rows[0] ? readAccountToSignIn(rows[0]) : null;
}

/** A new hash for the same password, only if the stored one is still `from` (a password changed meanwhile stays). */
export async function rehashPassword({ accountId, from, to }: { accountId: string; from: string; to: string }): Promise<void> {
  await sql.run`UPDATE "Account" SET "passwordHash" = ${to} WHERE "id" = ${accountId} AND "passwordHash" = ${from}`;
}
