import "server-only";
import { renderActivationEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { cancelMessages, queueMessage, type QueuedMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { linkWithEmail } from "./mailable";

// The activation link: 32 random bytes, only their SHA-256 stored; each lives 24 hours and works once; a new
// registration of a pending address replaces its links (and cancels their unsent mail).
//
// Nobody but the mailbox owner decides the password of the account a link activates: each link is bound to the
// registration that made it (its password, and the browser's registration draft). In that browser one press
// activates; in any other the page asks for the password chosen at that registration. So a stranger who registers
// someone else's pending address with a password of their own cannot have the owner activate it.
export const ACTIVATION_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
// The pause between activation emails: per account, whoever asks (the registration draft, the resend page), and
// the countdown the check-email page shows.
export const RESEND_COOLDOWN_SECONDS = 60;
export const ACTIVATION_MAIL_COOLDOWN_MS = RESEND_COOLDOWN_SECONDS * 1000;

type Tx = TransactionClient;
type MailedAccount = { id: string; email: string; locale: string };

/** The registration a link belongs to: the password chosen then, and the registration draft it was chosen in. */
export type ActivationBinding = { passwordHash: string; draftIdHash: string | null };

export function activationUrl(token: string): string {
  return `${env.APP_URL}/activate?token=${encodeURIComponent(token)}`;
}

/**
 * A new activation link, bound to the registration it completes, and its email, in the caller's transaction.
 * Returns the message to send after the commit: should that first try fail, the cooldown is lifted so the person
 * may ask again at once (the courier retries meanwhile).
 */
export async function queueActivationMail(tx: Tx, { account, binding, now }: { account: MailedAccount; binding: ActivationBinding; now: Date }): Promise<QueuedMessage> {
  const messageId = await queueMessage(tx, { kind: "activation", ...(await writeActivationMail(tx, { account, binding, now })), now });
  const ifUnsent = async () => {
    await db.account.updateMany({ where: { id: account.id, activationMailedAt: now }, data: { activationMailedAt: null } });
  };
  return { messageId, ifUnsent };
}

/** A new activation link, bound to the registration it completes, in the caller's transaction, and its email. */
export async function writeActivationMail(tx: Tx, { account, binding, now }: { account: MailedAccount; binding: ActivationBinding; now: Date }) {
  const token = newSecret();
  await tx.activationToken.create({
    data: { tokenHash: hashSecret(token), accountId: account.id, ...binding, createdAt: now, expiresAt: new Date(now.getTime() + ACTIVATION_LINK_LIFETIME_MS) },
  });
  const locale = toLocale(account.locale);
  // The link opens the portal in the account's language, whatever the browser that opens it says.
  const mail = await renderActivationEmail({ activationUrl: inLanguage(activationUrl(token), locale), locale });
  return { to: account.email, reference: account.id, secret: true, ...mail };
}

/** Ends every link of the account and cancels their unsent mail: a newer registration replaced them, or the account is active. */
export async function endActivationLinks(tx: Tx, accountId: string): Promise<void> {
  await tx.activationToken.deleteMany({ where: { accountId } });
  await cancelMessages(tx, { kind: "activation", reference: accountId });
}

/** A link as the verification flow reads it, once per request. */
export type ActivationLink = {
  tokenHash: string;
  expiresAt: Date;
  passwordHash: string;
  draftIdHash: string | null;
  account: { id: string; status: string; miId: string; email: string };
};

export async function findActivationLink(token: unknown): Promise<ActivationLink | null> {
  if (!isSecretShaped(token)) return null;
  const row = await db.activationToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { tokenHash: true, expiresAt: true, passwordHash: true, draftIdHash: true, account: { select: { id: true, status: true, miId: true, email: true } } },
  });
  return linkWithEmail(row);
}

/** Whether the link was made by a registration in the browser holding this draft id. */
export function madeInThisBrowser(link: Pick<ActivationLink, "draftIdHash">, draftId: string | undefined): boolean {
  return Boolean(link.draftIdHash && isSecretShaped(draftId) && hashSecret(draftId) === link.draftIdHash);
}
