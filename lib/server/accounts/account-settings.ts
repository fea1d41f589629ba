import "server-only";
import { renderPasswordChangedEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { dispatchMail, type MailContext } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { recordAudit } from "@/lib/server/security/audit";
import { inLanguage, toLocale, type Locale } from "@/lib/shared/i18n/locales";
import { consumeLimit, LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { hashPassword, verifyPassword } from "./passwords";

// What a signed-in person changes about their own account: the password (the current one first) and the
// offers choice. Wrong current passwords are counted like sign-in failures, so this form is no guessing oracle.

export type PasswordChange = { ok: true } | { ok: false; reason: "wrong-password" } | { ok: false; reason: "limited"; retryAfterMs: number };

/** Changes the password; every other session ends and a notice is mailed. The new one has passed the rule. */
export async function changePassword(
  accountId: string,
  keepSessionId: string,
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
  const messageId = await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: accountId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { accountId, id: { not: keepSessionId } } });
    await tx.passwordResetToken.deleteMany({ where: { accountId } });
    return enqueueMail(tx, { kind: "password_changed", to: account.email, accountId, ...notice }, now);
  });
  await dispatchMail(context, async () => (await sendOutboxMessage(messageId, now)) === "sent");
  await recordAudit({ event: "password_changed", outcome: "ok", accountId, ipGroup: context.ipGroup }, now);
  return { ok: true };
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
