import { db } from "./db";
import { hashSecret, isSecretShaped, newSecret } from "./secrets";

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

export async function deleteSession(token: string | undefined): Promise<void> {
  if (!isSecretShaped(token)) return;
  await db.session.deleteMany({ where: { tokenHash: hashSecret(token) } });
}
