import "server-only";
import { recordAudit, type AuditContext } from "@/lib/server/security/audit";
import { db } from "@/lib/server/db/client";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

// A session ends 30 minutes after its last use or 12 hours after sign-in, whichever comes first; both are
// checked here on the server, whatever the cookie says.
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// lastSeenAt is written at most once a minute, so reading a page is not a write every time.
const TOUCH_EVERY_MS = 60 * 1000;

export async function createSession(accountId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await db.session.create({ data: { tokenHash: hashSecret(token), accountId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAt };
}

export type SessionAccount = {
  id: string;
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
  return account;
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

/** Ends every session of the account, on all devices, and audits it; returns how many there were. */
export async function signOutEverywhere(accountId: string, context: AuditContext = {}, now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId } });
  await recordAudit({ event: "sign_out_everywhere", outcome: "ok", accountId, ipGroup: context.ipGroup }, now);
  return count;
}
