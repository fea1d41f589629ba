import "server-only";
import { sql, type Sql } from "../sql";

// The Session insert every sign-in runs, by hand (sql.ts says why). Reading, rotating and ending sessions go
// through the Prisma client.

export type NewSession = { tokenHash: string; id: string; accountId: string; now: Date; expiresAt: Date; browser: string | null; ipGroup: string | null; amr: string };

export async function insertSession(s: NewSession, on: Sql = sql): Promise<void> {
  await on.run`
    INSERT INTO "Session" ("tokenHash", "id", "accountId", "createdAt", "lastSeenAt", "expiresAt", "browser", "ipGroup", "amr")
    VALUES (${s.tokenHash}, ${s.id}, ${s.accountId}, ${s.now}, ${s.now}, ${s.expiresAt}, ${s.browser}, ${s.ipGroup}, ${s.amr})`;
}
