import "server-only";
import { renderActivationEmail } from "@/emails";
import type { TransactionClient } from "@/lib/server/db/types";
import { db } from "@/lib/server/db/client";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { hashSecret } from "@/lib/server/security/secrets";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { activationUrl, issueActivationToken, type ActivationBinding } from "./activation";

// The pause between activation emails: per account, whoever asks (the sign-up draft, the resend page,
// sign-in), and the countdown the check-email page shows.
export const RESEND_COOLDOWN_SECONDS = 60;
export const ACTIVATION_MAIL_COOLDOWN_MS = RESEND_COOLDOWN_SECONDS * 1000;

/**
 * A new activation link, bound to the registration it completes, and its email, in the caller's transaction;
 * returns the outbox message's id.
 */
export async function queueActivationMail(
  tx: TransactionClient,
  account: { id: string; email: string; locale: string },
  binding: ActivationBinding,
  now: Date,
): Promise<string> {
  const accountId = account.id;
  const email = account.email;
  const token = await issueActivationToken(tx, accountId, binding, now);
  const locale = toLocale(account.locale);
  // The link opens the portal in the account's language, whatever the browser that opens it says.
  const mail = await renderActivationEmail({ activationUrl: inLanguage(activationUrl(token), locale), locale });
  return enqueueMail(tx, { kind: "activation", to: email, accountId, tokenHash: hashSecret(token), ...mail }, now);
}

/**
 * Sends the queued activation email now. When that fails the outbox retries it later, and the cooldown is
 * lifted so the person may also ask again at once.
 */
export async function sendActivationMail(accountId: string, messageId: string, mailedAt: Date): Promise<boolean> {
  const sent = (await sendOutboxMessage(messageId, mailedAt)) === "sent";
  if (!sent) {
    await db.account.updateMany({ where: { id: accountId, activationMailedAt: mailedAt }, data: { activationMailedAt: null } });
  }
  return sent;
}
