import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditContext } from "@/lib/server/security/audit";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { sql } from "@/lib/server/db/sql";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { forgetTrustedDevices } from "./trusted-devices";

// A session ends 30 minutes after its last use or 12 hours after sign-in, whichever comes first; both are
// checked here on the server, whatever the cookie says.
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// lastSeenAt is written at most once a minute, so reading a page is not a write every time.
const TOUCH_EVERY_MS = 60 * 1000;

/** Where a session signed in from, shown on the account page: a browser label and the address group. */
export type SessionOrigin = { browser?: string | null; ipGroup?: string | null };

export async function createSession(accountId: string, now = new Date(), origin: SessionOrigin = {}): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  const where = { browser: origin.browser ?? null, ipGroup: origin.ipGroup ?? null };
  // Hand-written, as every sign-in runs it (lib/server/db/sql.ts). The id only names the session on the account
  // page, so any unique random string will do.
  await sql.run`
    INSERT INTO "Session" ("tokenHash", "id", "accountId", "createdAt", "lastSeenAt", "expiresAt", "browser", "ipGroup")
    VALUES (${hashSecret(token)}, ${randomUUID()}, ${accountId}, ${now}, ${now}, ${expiresAt}, ${where.browser}, ${where.ipGroup})`;
  return { token, expiresAt };
}

export type RotatedSession = { token: string; expiresAt: Date };

/**
 * Gives one of the account's sessions a new token, inside the caller's transaction: after the password
 * changes, a copy of the old cookie no longer signs anyone in. The session keeps its id, its place in the
 * account page's list and its expiry. Null when there was no such session.
 */
export async function rotateSession(tx: Pick<TransactionClient, "session">, accountId: string, sessionId: string): Promise<RotatedSession | null> {
  const token = newSecret();
  const { count } = await tx.session.updateMany({ where: { id: sessionId, accountId }, data: { tokenHash: hashSecret(token) } });
  if (count !== 1) return null;
  const { expiresAt } = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { expiresAt: true } });
  return { token, expiresAt };
}

export type SessionAccount = {
  id: string;
  /** This session's own id (not its secret), so the account page can say "this device". */
  sessionId: string;
  miId: string;
  email: string;
  country: string;
  wantsOffers: boolean;
};

/** The signed-in account for a session token, or null when it is unknown, idle too long or expired. */
export async function getSessionAccount(token: string | undefined, now = new Date()): Promise<SessionAccount | null> {
  if (!isSecretShaped(token)) return null;
  const tokenHash = hashSecret(token);
  const session = await db.session.findUnique({
    where: { tokenHash },
    include: { account: { select: { id: true, miId: true, email: true, country: true, wantsOffers: true, status: true } } },
  });
  if (!session || session.account.status !== "active") return null;
  const idleSince = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt <= now || idleSince > SESSION_IDLE_MS) {
    await db.session.deleteMany({ where: { tokenHash } });
    return null;
  }
  if (idleSince > TOUCH_EVERY_MS) await db.session.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } });
  const { status: _status, ...account } = session.account;
  return { ...account, sessionId: session.id };
}

/**
 * Ends one session without auditing it: for a session replaced at sign-in. A person signing out goes through
 * signOut, which writes the audit event.
 */
export async function deleteSession(token: string | undefined): Promise<void> {
  if (!isSecretShaped(token)) return;
  await db.session.deleteMany({ where: { tokenHash: hashSecret(token) } });
}

/** Ends the session of this token and audits "sign_out"; false when there was no such session. */
export async function signOut(token: string | undefined, context: AuditContext = {}, now = new Date()): Promise<boolean> {
  if (!isSecretShaped(token)) return false;
  const tokenHash = hashSecret(token);
  const session = await db.session.findUnique({ where: { tokenHash }, select: { accountId: true } });
  if (!session) return false;
  // Only the request that really removed the row audits it, however many sign-outs race.
  const { count } = await db.session.deleteMany({ where: { tokenHash } });
  if (count === 0) return false;
  await recordAudit({ event: "sign_out", outcome: "ok", accountId: session.accountId, ipGroup: context.ipGroup }, now);
  return true;
}

/**
 * Ends every session of the account, this browser's too, forgets every trusted browser but `keepDeviceToken`'s
 * (this one's: its owner is the person signing out), and audits it; how many sessions there were.
 */
export async function signOutEverywhere(accountId: string, context: AuditContext = {}, now = new Date(), keepDeviceToken?: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId } });
  await forgetTrustedDevices(accountId, keepDeviceToken);
  await recordAudit({ event: "sign_out_everywhere", outcome: "ok", accountId, ipGroup: context.ipGroup }, now);
  return count;
}

export type SessionSummary = { id: string; browser: string | null; ipGroup: string | null; createdAt: Date; lastSeenAt: Date };

/** The account's live sessions, most recently used first: where the person is signed in. */
export async function listSessions(accountId: string, now = new Date()): Promise<SessionSummary[]> {
  return db.session.findMany({
    where: { accountId, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, browser: true, ipGroup: true, createdAt: true, lastSeenAt: true },
  });
}

/** Ends one of the account's sessions by its id; another account's session id changes nothing. */
export async function endSession(accountId: string, sessionId: string, context: AuditContext = {}, now = new Date()): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { accountId, id: sessionId } });
  if (count === 1) await recordAudit({ event: "sign_out", outcome: "ended-from-account-page", accountId, ipGroup: context.ipGroup }, now);
  return count === 1;
}

/** Ends every session of the account but `keepSessionId`, and forgets every trusted browser but `keepDeviceToken` (this browser's). */
export async function endOtherSessions(
  accountId: string,
  keepSessionId: string,
  context: AuditContext = {},
  now = new Date(),
  keepDeviceToken?: string,
): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId, id: { not: keepSessionId } } });
  await forgetTrustedDevices(accountId, keepDeviceToken);
  await recordAudit({ event: "sign_out_everywhere", outcome: "others", accountId, ipGroup: context.ipGroup }, now);
  return count;
}
