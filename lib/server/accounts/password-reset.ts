import "server-only";
import { forgetTrustedDevices } from "@/lib/server/auth/trusted-devices";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { renderPasswordChangedEmail, renderPasswordResetEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { storableText } from "@/lib/server/db/text";
import { dispatchMail, type MailContext } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { log } from "@/lib/server/log";
import { recordAudit } from "@/lib/server/security/audit";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";
import { isMiId } from "@/lib/shared/mi-id";
import { hashPassword } from "./passwords";

// Forgot password, after OWASP's cheat sheet: the request is answered alike whatever was typed; the link carries
// 32 random bytes (only their SHA-256 kept), works for an hour, once, and only the newest works. Completing it
// sets the password, ends every session and every other link, activates a pending account (the link proves the
// mailbox), and mails a notice.
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;

export function passwordResetUrl(token: string): string {
  return `${env.APP_URL}/reset?token=${encodeURIComponent(token)}`;
}

/** For logs and tests: the person always sees the same answer. */
export type ResetRequestOutcome = "sent" | "unknown" | "limited";

export async function requestPasswordReset(identifier: string, now = new Date(), context: MailContext = {}): Promise<ResetRequestOutcome> {
  const typed = storableText(identifier.trim());
  const key = isMiId(typed) ? `mi:${typed}` : `email:${emailKey(typed)}`;
  const account = isMiId(typed)
    ? await db.account.findUnique({ where: { miId: typed } })
    : await db.account.findUnique({ where: { emailKey: emailKey(typed) } });
  const outcome = await sendIfAllowed(key, account, now, context);
  await recordAudit({ event: "password_reset_requested", outcome, accountId: account?.id, ipGroup: context.ipGroup }, now);
  return outcome;
}

async function sendIfAllowed(key: string, account: { id: string; email: string; locale: string } | null, now: Date, context: MailContext): Promise<ResetRequestOutcome> {
  // Counted whether or not an account answers to it, so the limit tells nothing.
  if (!(await consumeLimit(LIMITS.resetPerIp, context.ipGroup ?? "unknown")).ok) return "limited";
  if (!(await consumeLimit(LIMITS.resetPerIdentifier, key)).ok) return "limited";
  if (!account) return "unknown";
  // The link is made and mailed after the response (when the caller allows), so a known address is answered
  // as fast as an unknown one.
  const sent = await dispatchMail(context, () => issueAndSend(account, now));
  log.info("password-reset.requested", { accountId: account.id, mail: sent });
  return "sent";
}

async function issueAndSend(account: { id: string; email: string; locale: string }, now: Date): Promise<boolean> {
  const token = newSecret();
  const mail = await renderPasswordResetEmail({ resetUrl: inLanguage(passwordResetUrl(token), toLocale(account.locale)), locale: toLocale(account.locale) });
  const messageId = await db.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { accountId: account.id } });
    await tx.passwordResetToken.create({
      data: { tokenHash: hashSecret(token), accountId: account.id, createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS) },
    });
    return enqueueMail(tx, { kind: "password_reset", to: account.email, accountId: account.id, tokenHash: hashSecret(token), ...mail }, now);
  });
  return (await sendOutboxMessage(messageId, now)) === "sent";
}

export type ResetLinkState = "ready" | "invalid" | "expired";

async function findLink(token: unknown) {
  if (!isSecretShaped(token)) return null;
  return db.passwordResetToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { tokenHash: true, expiresAt: true, usedAt: true, account: { select: { id: true, email: true, miId: true, status: true, locale: true } } },
  });
}

/** What the reset page should offer, without using the link (mail scanners open links). */
export async function inspectPasswordReset(token: unknown, now = new Date()): Promise<ResetLinkState> {
  const link = await findLink(token);
  if (!link || link.usedAt) return "invalid";
  return link.expiresAt <= now ? "expired" : "ready";
}

/** The account the link belongs to, for the password rule's "not your email" check. */
export async function passwordResetEmail(token: unknown): Promise<string | null> {
  return (await findLink(token))?.account.email ?? null;
}

export type ResetResult = { ok: true; email: string; activatedMiId: string | null } | { ok: false; reason: "invalid" | "expired" };

/**
 * Sets the new password once, however many presses race; the password has passed the rule already. Every
 * session ends and every trusted browser is forgotten but `keepDeviceToken`'s: the browser resetting has just
 * shown it reads the mailbox, and keeps passing the pause strangers may be causing.
 */
export async function completePasswordReset(
  token: unknown,
  password: string,
  now = new Date(),
  context: MailContext = {},
  keepDeviceToken?: string,
): Promise<ResetResult> {
  const link = await findLink(token);
  if (!link || link.usedAt) return { ok: false, reason: "invalid" };
  if (link.expiresAt <= now) return { ok: false, reason: "expired" };
  const passwordHash = await hashPassword(password);
  const { account } = link;
  const notice = await renderPasswordChangedEmail({ forgotUrl: inLanguage(`${env.APP_URL}/forgot`, toLocale(account.locale)), locale: toLocale(account.locale) });
  const changed = await db.$transaction(async (tx) => {
    // The condition on usedAt picks one winner among racing presses.
    const won = await tx.passwordResetToken.updateMany({ where: { tokenHash: link.tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (won.count !== 1) return null;
    const activating = account.status === "pending";
    await tx.account.update({
      where: { id: account.id },
      data: { passwordHash, ...(activating ? { status: "active", activatedAt: now } : {}) },
    });
    if (activating) await tx.activationToken.deleteMany({ where: { accountId: account.id } });
    await tx.passwordResetToken.deleteMany({ where: { accountId: account.id, tokenHash: { not: link.tokenHash } } });
    await tx.session.deleteMany({ where: { accountId: account.id } });
    await forgetTrustedDevices(account.id, keepDeviceToken, tx);
    const messageId = await enqueueMail(tx, { kind: "password_changed", to: account.email, accountId: account.id, ...notice }, now);
    return { messageId, activating };
  });
  if (!changed) return { ok: false, reason: "invalid" };
  await dispatchMail(context, async () => (await sendOutboxMessage(changed.messageId, now)) === "sent");
  await recordAudit({ event: "password_reset", outcome: changed.activating ? "ok-activated" : "ok", accountId: account.id, ipGroup: context.ipGroup }, now);
  log.info("password-reset.completed", { accountId: account.id, activated: changed.activating });
  return { ok: true, email: account.email, activatedMiId: changed.activating ? account.miId : null };
}
