import "server-only";
import type { AuditEventName } from "@/lib/server/db/types";
import { db } from "@/lib/server/db/client";
import { insertAuditEvent } from "@/lib/server/db/tables/audit-events";
import { errorSummary, log } from "@/lib/server/log";
import { countAttempt } from "./rate-limit";

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
  /**
   * Who the row is written for: the account's owner, proven by a session, the password or a link's secret; or a
   * stranger, who proved nothing (a failed sign-in, a registration, a resend, a forgot-password request, a press
   * on a dead activation link). A stranger's rows are capped (STRANGER_AUDIT_ROWS).
   */
  by: "owner" | "stranger";
};

/**
 * Rows written for strangers, per address group and hour. Anyone can make them by posting a form, and the trail
 * is append-only, so without a cap a script could grow it one row per request for ever. Past the cap rows are
 * left out and counted: an "audit-flood" row at the 1st, 2nd, 4th, 8th… left out says how many so far, so a
 * flood of n requests writes the cap plus log2(n) rows, and the trail still shows it happened and its size. The
 * owner's rows are never capped. 100 covers a household or an office behind one address for an hour (issue 21:
 * twenty people each registering and signing in, with some mistyped passwords).
 */
export const STRANGER_AUDIT_ROWS = { keyPrefix: "audit-stranger-ip", points: 100, durationSec: 60 * 60 } as const;

export type AuditRecord = {
  id: string;
  at: Date;
  /** Never "audit_flood": those rows belong to an address group, not to an account. */
  event: Exclude<AuditEventName, "audit_flood">;
  outcome: string;
  ipGroup: string | null;
};

export const AUDIT_LIST_LIMIT = 10;

/**
 * Writes one event, unless a limit refused the request (outcome "limited"): those are left out for every
 * identifier alike, so a script hammering a form cannot grow the append-only trail past what the limits let
 * through, and a known identifier costs the same write as an unknown one. A stranger's rows are capped per
 * address group (STRANGER_AUDIT_ROWS), counted alike for every identifier. Never throws: a failed audit write is
 * logged and the caller carries on, so a full disk cannot stop people signing in. Call it outside any open
 * transaction: lib/sqlite-serialized.ts makes a plain query wait for the transaction to end.
 */
export async function recordAudit(entry: AuditEntry, now = new Date()): Promise<void> {
  if (entry.outcome === "limited") return;
  const ipGroup = entry.ipGroup ?? null;
  try {
    if (entry.by === "stranger") {
      const { count } = await countAttempt({ limit: STRANGER_AUDIT_ROWS, key: ipGroup ?? "none" });
      const leftOut = count - STRANGER_AUDIT_ROWS.points;
      if (leftOut > 0) {
        if (isPowerOfTwo(leftOut)) await insertAuditEvent({ at: now, event: "audit_flood", outcome: String(leftOut), accountId: null, ipGroup });
        return;
      }
    }
    await insertAuditEvent({ at: now, event: entry.event, outcome: entry.outcome, accountId: entry.accountId ?? null, ipGroup });
  } catch (error) {
    log.error("audit.write_failed", { auditEvent: entry.event, outcome: entry.outcome, error: errorSummary(error) });
  }
}

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/** The account's latest events, newest first. */
export async function listRecentAudit(accountId: string, limit = AUDIT_LIST_LIMIT): Promise<AuditRecord[]> {
  const rows = await db.auditEvent.findMany({
    where: { accountId },
    // Same-millisecond events keep their insertion order: cuids grow over time within a process.
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, event: true, outcome: true, ipGroup: true },
  });
  return rows.filter((row): row is AuditRecord => row.event !== "audit_flood");
}
