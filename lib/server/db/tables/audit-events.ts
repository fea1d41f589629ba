import "server-only";
import type { AuditEventName } from "../types";
import { newCuid } from "../ids";
import { storedEnumValue } from "../raw";
import { sql } from "../sql";

// The AuditEvent insert, by hand (sql.ts says why: every sign-in writes one). The table is append-only (triggers
// in its migration refuse UPDATE and DELETE); reading goes through the Prisma client.

export type NewAuditEvent = { at: Date; event: AuditEventName; outcome: string; accountId: string | null; ipGroup: string | null };

export async function insertAuditEvent(e: NewAuditEvent): Promise<void> {
  await sql.run`
    INSERT INTO "AuditEvent" ("id", "at", "event", "outcome", "accountId", "ipGroup")
    VALUES (${newCuid(e.at.getTime())}, ${e.at}, ${storedEnumValue(e.event)}, ${e.outcome}, ${e.accountId}, ${e.ipGroup})`;
}
