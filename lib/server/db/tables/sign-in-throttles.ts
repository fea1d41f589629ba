import "server-only";
import { rowDate, rowDateOrNull, rowNumber, rowReader } from "../raw";
import { sql, type Sql } from "../sql";

// The SignInThrottle statements, by hand (sql.ts says why: every sign-in reserves its attempt here). The rules
// (pauses, the compare-and-set loop) are flows/login/throttle.ts's; these only read and write a row.

const readThrottle = rowReader({ failures: rowNumber, expiresAt: rowDate, pausedUntil: rowDateOrNull });
export type ThrottleRow = ReturnType<typeof readThrottle>;
export type ThrottleWrite = { key: string; failures: number; expiresAt: Date; pausedUntil: Date | null; pauseOwner: number | null };

export async function findThrottle(key: string, on: Sql = sql): Promise<ThrottleRow | null> {
  const [row] = await on.rows<Record<string, unknown>>`SELECT "failures", "expiresAt", "pausedUntil" FROM "SignInThrottle" WHERE "key" = ${key}`;
  return row ? readThrottle(row) : null;
}

/** Inserts the row unless one is there already; whether it did. */
export async function insertThrottle(w: ThrottleWrite, on: Sql = sql): Promise<boolean> {
  const inserted = await on.run`
    INSERT INTO "SignInThrottle" ("key", "failures", "expiresAt", "pausedUntil", "pauseOwner")
    VALUES (${w.key}, ${w.failures}, ${w.expiresAt}, ${w.pausedUntil}, ${w.pauseOwner}) ON CONFLICT ("key") DO NOTHING`;
  return inserted === 1;
}

/** Replaces the row only if it is still as `seen` (compare-and-set); whether it did. */
export async function replaceThrottle(w: ThrottleWrite, seen: Pick<ThrottleRow, "failures" | "expiresAt">, on: Sql = sql): Promise<boolean> {
  const updated = await on.run`
    UPDATE "SignInThrottle" SET "failures" = ${w.failures}, "expiresAt" = ${w.expiresAt}, "pausedUntil" = ${w.pausedUntil}, "pauseOwner" = ${w.pauseOwner}
    WHERE "key" = ${w.key} AND "failures" = ${seen.failures} AND "expiresAt" = ${seen.expiresAt}`;
  return updated === 1;
}

export async function deleteThrottle(key: string, on: Sql = sql): Promise<void> {
  await on.run`DELETE FROM "SignInThrottle" WHERE "key" = ${key}`;
}
