import "server-only";
import type { AuditEventName } from "@/lib/server/db/types";
import { db } from "@/lib/server/db/client";
import { insertAuditEvent } from "@/lib/server/db/tables/audit-events";
import { errorSummary, log } from "@/lib/server/log";

// The account's security history. The table is append-only: triggers in its migration refuse
// UPDATE and DELETE, so this module only ever inserts. Rows hold no secrets: an account id, an IP group (never
// a full IPv6 address) and a short outcome code.

export type { AuditEventName };

/** Where a request came from, as the app layer knows it; passed down to lib/ functions that audit. */
export type AuditContext = { ipGroup?: string | null };

export type AuditEntry = AuditContext & {
  event: AuditEventName;
  /** A short code: "ok", "created", "wrong-password", "locked", "expired"… */
  outcome: string;
  accountId?: string | null;
};

export type AuditRecord = {
  id: string;
  at: Date;
  event: AuditEventName;
  outcome: string;
  ipGroup: string | null;
};

export const AUDIT_LIST_LIMIT = 10;

/**
 * Writes one event, unless a limit refused the request (outcome "limited"): those are left out for every
 * identifier alike, so a script hammering a form cannot grow the append-only trail past what the limits let
 * through, and a known identifier costs the same write as an unknown one. Never throws: a failed audit write is logged and the caller carries on, so a full disk
 * cannot stop people signing in. Call it outside any open transaction: lib/sqlite-serialized.ts makes a plain
 * query wait for the transaction to end.
 */
export async function recordAudit(entry: AuditEntry, now = new Date()): Promise<void> {
  if (entry.outcome === "limited") return;
  try {
    await insertAuditEvent({ at: now, event: entry.event, outcome: entry.outcome, accountId: entry.accountId ?? null, ipGroup: entry.ipGroup ?? null });
  } catch (error) {
    log.error("audit.write_failed", { auditEvent: entry.event, outcome: entry.outcome, error: errorSummary(error) });
  }
}

/** The account's latest events, newest first. */
export async function listRecentAudit(accountId: string, limit = AUDIT_LIST_LIMIT): Promise<AuditRecord[]> {
  const rows = await db.auditEvent.findMany({
    where: { accountId },
    // Same-millisecond events keep their insertion order: cuids grow over time within a process.
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, event: true, outcome: true, ipGroup: true },
  });
  return rows;
}
