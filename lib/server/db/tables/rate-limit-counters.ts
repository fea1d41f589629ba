import "server-only";
import { rowDate, rowNumber, rowReader } from "../raw";
import { sql, type Sql } from "../sql";

// The RateLimitCounter statements, by hand (sql.ts says why: every sign-in counts on two of them). Rows are keyed
// "<limit's key prefix>:<key>"; security/rate-limit.ts holds the limits and what counting means.

const readCount = rowReader({ points: rowNumber, expire: rowDate });

/**
 * Counts one attempt in one statement and returns the row after it: an expired window starts again at 1, so
 * concurrent attempts each get a different count.
 */
export async function incrementCounter({ key, now, expire }: { key: string; now: Date; expire: Date }, on: Sql = sql): Promise<{ points: number; expire: Date }> {
  const [row] = await on.rows<Record<string, unknown>>`
    INSERT INTO "RateLimitCounter" ("key", "points", "expire") VALUES (${key}, 1, ${expire})
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimitCounter"."expire" > ${now} THEN "RateLimitCounter"."points" + 1 ELSE 1 END,
      "expire" = CASE WHEN "RateLimitCounter"."expire" > ${now} THEN "RateLimitCounter"."expire" ELSE ${expire} END
    RETURNING "points", "expire"`;
  return readCount(row!);
}

/** One count back: a live count above zero goes down by one; an expired or missing one is left alone. */
export async function decrementCounter({ key, now }: { key: string; now: Date }, on: Sql = sql): Promise<void> {
  await on.run`UPDATE "RateLimitCounter" SET "points" = "points" - 1 WHERE "key" = ${key} AND "points" > 0 AND "expire" > ${now}`;
}

/** The live count of a key: 0 when it has no row or its window has ended. */
export async function readCounter({ key, now }: { key: string; now: Date }, on: Sql = sql): Promise<number> {
  const [row] = await on.rows<Record<string, unknown>>`SELECT "points", "expire" FROM "RateLimitCounter" WHERE "key" = ${key} AND "expire" > ${now}`;
  return row ? readCount(row).points : 0;
}
