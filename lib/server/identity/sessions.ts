import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { insertSession } from "@/lib/server/db/tables/sessions";
import type { Sql } from "@/lib/server/db/sql";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

// A session ends 30 minutes after its last use or 12 hours after sign-in, whichever comes first; both are
// checked here on the server, whatever the cookie says.
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// lastSeenAt is written at most once a minute, so reading a page is not a write every time.
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * How a session's sign-in was made, in RFC 8176's words: "pwd" (a password) or "sms" (a code by text message), then
 * "otp" and "mfa" after a second step (an authenticator app's code or a recovery code); or a passkey, alone: "hwk"
 * (a key kept on one device) or "swk" (a synced one, kept in software), with "mfa" (the device and its lock).
 */
export type AuthenticationMethod = "pwd" | "sms" | "otp" | "hwk" | "swk" | "mfa";

/**
 * A new session for the account; `browser` and `ipGroup` say where it signed in from (a browser label and the
 * address group, shown on the account page), `amr` how.
 */
export async function createSession({
  accountId,
  browser = null,
  ipGroup = null,
  amr = ["pwd"],
  now,
  within,
}: {
  accountId: string;
  browser?: string | null;
  ipGroup?: string | null;
  amr?: AuthenticationMethod[];
  now: Date;
  /** The caller's transaction (sql.ts), else the statement alone. */
  within?: Sql;
}): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  // The id only names the session on the account page, so any unique random string will do.
  await insertSession({ tokenHash: hashSecret(token), id: randomUUID(), accountId, now, expiresAt, browser, ipGroup, amr: amr.join(" ") }, within);
  return { token, expiresAt };
}

export type RotatedSession = { token: string; expiresAt: Date };

/**
 * Gives one of the account's sessions a new token, inside the caller's transaction: after the password
 * changes, a copy of the old cookie no longer signs anyone in. The session keeps its id, its place in the
 * account page's list and its expiry. Null when there was no such session.
 */
export async function rotateSession(tx: Pick<TransactionClient, "session">, { accountId, sessionId }: { accountId: string; sessionId: string }): Promise<RotatedSession | null> {
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
  /** When this browser signed in (a password change keeps it): an app that asks for a fresh sign-in compares it. */
  signedInAt: Date;
  /** How it signed in (createSession): what apps read as amr and acr. */
  amr: AuthenticationMethod[];
  miId: string;
  /** At least one of the two: an account has an email, a mobile number (E.164), or both. */
  email: string | null;
  phone: string | null;
  country: string;
  wantsOffers: boolean;
};

/** The signed-in account for a session token, or null when it is unknown, idle too long or expired. */
export async function getSessionAccount(token: string | undefined, now: Date): Promise<SessionAccount | null> {
  if (!isSecretShaped(token)) return null;
  const tokenHash = hashSecret(token);
  const session = await db.session.findUnique({
    where: { tokenHash },
    include: { account: { select: { id: true, miId: true, email: true, phone: true, country: true, wantsOffers: true, status: true } } },
  });
  if (!session || session.account.status !== "active") return null;
  const idleSince = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt <= now || idleSince > SESSION_IDLE_MS) {
    await db.session.deleteMany({ where: { tokenHash } });
    return null;
  }
  if (idleSince > TOUCH_EVERY_MS) await db.session.updateMany({ where: { tokenHash }, data: { lastSeenAt: now } });
  const { status: _status, ...account } = session.account;
  return { ...account, sessionId: session.id, signedInAt: session.createdAt, amr: session.amr.split(" ") as AuthenticationMethod[] };
}

/** Ends the session of this token; false when there was none (only the request that really removed it gets true). */
export async function deleteSession(token: string | undefined): Promise<{ accountId: string } | null> {
  if (!isSecretShaped(token)) return null;
  const tokenHash = hashSecret(token);
  const session = await db.session.findUnique({ where: { tokenHash }, select: { accountId: true } });
  if (!session) return null;
  const { count } = await db.session.deleteMany({ where: { tokenHash } });
  return count === 1 ? session : null;
}

/** Ends the account's sessions, all of them or all but `keepSessionId`; how many there were. */
export async function deleteSessions({ accountId, keepSessionId }: { accountId: string; keepSessionId?: string }): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { accountId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
  return count;
}

/** Ends one of the account's sessions by its id; another account's session id changes nothing. */
export async function deleteSessionById({ accountId, sessionId }: { accountId: string; sessionId: string }): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { accountId, id: sessionId } });
  return count === 1;
}

export type SessionSummary = { id: string; browser: string | null; ipGroup: string | null; createdAt: Date; lastSeenAt: Date };

/** The account's live sessions, most recently used first: where the person is signed in. */
export async function listSessions(accountId: string, now: Date): Promise<SessionSummary[]> {
  return db.session.findMany({
    where: { accountId, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, browser: true, ipGroup: true, createdAt: true, lastSeenAt: true },
  });
}
