import "server-only";
import { renderPasswordChangedEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { forgetTrustedDevices } from "@/lib/server/auth/trusted-devices";
import { rotateSession, type RotatedSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { dispatchMail, type MailContext } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { recordAudit } from "@/lib/server/security/audit";
import { inLanguage, toLocale, type Locale } from "@/lib/shared/i18n/locales";
import { consumeLimit, LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { hashPassword, verifyPassword } from "./passwords";

// What a signed-in person changes about their own account: the password (the current one first) and the
// offers choice. Wrong current passwords are counted like sign-in failures, so this form is no guessing oracle.

/**
 * `session`: this browser's session under a new token (the caller sets the cookie); the old token no longer
 * works. "signed-out": the session ended meanwhile (signed out from another device), and nothing changed.
 */
export type PasswordChange =
  | { ok: true; session: RotatedSession }
  | { ok: false; reason: "wrong-password" | "signed-out" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/** The browser changing the password: its session, and its trusted-device cookie if any. Both stay; all others go. */
export type ThisBrowser = { sessionId: string; deviceToken?: string };

/**
 * Changes the password; every other session ends, every other trusted browser is forgotten, this browser's
 * session gets a new token (one stolen before the change stops working) and a notice is mailed. The new
 * password has passed the rule.
 */
export async function changePassword(
  accountId: string,
  browser: ThisBrowser,
  current: string,
  next: string,
  now = new Date(),
  context: MailContext = {},
): Promise<PasswordChange> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const allowed = await consumeLimit(LIMITS.passwordChecksPerAccount, accountId);
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  if (current.length > 64 || !(await verifyPassword(current, account.passwordHash))) {
    await recordAudit({ event: "password_changed", outcome: "wrong-password", accountId, ipGroup: context.ipGroup }, now);
    return { ok: false, reason: "wrong-password" };
  }
  await resetLimit(LIMITS.passwordChecksPerAccount, accountId);
  const passwordHash = await hashPassword(next);
  const notice = await renderPasswordChangedEmail({ forgotUrl: inLanguage(`${env.APP_URL}/forgot`, toLocale(account.locale)), locale: toLocale(account.locale) });
  const changed = await db.$transaction(async (tx) => {
    // Rotated first: a session ended meanwhile changes nothing (the transaction then does no more).
    const session = await rotateSession(tx, accountId, browser.sessionId);
    if (!session) return null;
    await tx.account.update({ where: { id: accountId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { accountId, id: { not: browser.sessionId } } });
    await forgetTrustedDevices(accountId, browser.deviceToken, tx);
    await tx.passwordResetToken.deleteMany({ where: { accountId } });
    return { messageId: await enqueueMail(tx, { kind: "password_changed", to: account.email, accountId, ...notice }, now), session };
  });
  if (!changed) return { ok: false, reason: "signed-out" };
  const { messageId, session } = changed;
  await dispatchMail(context, async () => (await sendOutboxMessage(messageId, now)) === "sent");
  await recordAudit({ event: "password_changed", outcome: "ok", accountId, ipGroup: context.ipGroup }, now);
  return { ok: true, session };
}

/** Records the offers choice and when it was made (the consent's date, shown in the data download). */
export async function setOffers(accountId: string, wantsOffers: boolean, now = new Date(), context: MailContext = {}): Promise<void> {
  await db.account.update({ where: { id: accountId }, data: { wantsOffers, offersChangedAt: now } });
  await recordAudit({ event: "offers_changed", outcome: wantsOffers ? "subscribed" : "unsubscribed", accountId, ipGroup: context.ipGroup }, now);
}

/** The language the account's emails are written in, and that its sign-ins bring to a new browser. */
export async function setAccountLocale(accountId: string, locale: Locale): Promise<void> {
  await db.account.update({ where: { id: accountId }, data: { locale } });
}
