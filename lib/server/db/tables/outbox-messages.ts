import "server-only";
import { rowReader, rowText } from "../raw";
import { sql } from "../sql";

// The outbox's poll, by hand (sql.ts says why): every instance asks once a second whether a message is due, busy
// or idle. Through the Prisma client the question cost about 1 ms of CPU each time (its query compiler), an
// instance's largest cost while idle; sending, retrying and the operators' views go through the client.

const readId = rowReader({ id: rowText });

/** The ids of pending messages due by `now` and leased to no sender, the longest-waiting first. */
export async function findDueMessageIds({ now, limit }: { now: Date; limit: number }): Promise<string[]> {
  const rows = await sql.rows<Record<string, unknown>>`
    SELECT "id" FROM "OutboxMessage"
    WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
    ORDER BY "nextAttemptAt" LIMIT ${limit}`;
  return rows.map((row) => readId(row).id);
}
