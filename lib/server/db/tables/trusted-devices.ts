import "server-only";
import { rowDate, rowDateOrNull, rowReader, rowText } from "../raw";
import { sql, type Sql } from "../sql";

// The TrustedDevice statements of a sign-in, by hand (sql.ts says why): the look-up from a known browser, its
// last use, and a new browser's row. Forgetting and sweeping go through the Prisma client.

const readDevice = rowReader({ accountId: rowText, expiresAt: rowDate, secondStepSkippedUntil: rowDateOrNull });

export type TrustedDeviceRow = { accountId: string; expiresAt: Date; secondStepSkippedUntil: Date | null };

export async function findTrustedDevice(tokenHash: string, on: Sql = sql): Promise<TrustedDeviceRow | null> {
  const [row] = await on.rows<Record<string, unknown>>`SELECT "accountId", "expiresAt", "secondStepSkippedUntil" FROM "TrustedDevice" WHERE "tokenHash" = ${tokenHash}`;
  return row ? readDevice(row) : null;
}

export async function touchTrustedDevice({ tokenHash, now }: { tokenHash: string; now: Date }, on: Sql = sql): Promise<void> {
  await on.run`UPDATE "TrustedDevice" SET "lastUsedAt" = ${now} WHERE "tokenHash" = ${tokenHash}`;
}

export async function insertTrustedDevice({ tokenHash, accountId, now, expiresAt }: { tokenHash: string; accountId: string; now: Date; expiresAt: Date }, on: Sql = sql): Promise<void> {
  await on.run`
    INSERT INTO "TrustedDevice" ("tokenHash", "accountId", "createdAt", "lastUsedAt", "expiresAt")
    VALUES (${tokenHash}, ${accountId}, ${now}, ${now}, ${expiresAt})`;
}
