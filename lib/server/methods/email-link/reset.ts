import "server-only";
import { renderPasswordResetEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { linkWithEmail } from "./mailable";

// A "forgot password" link, after OWASP's cheat sheet: 32 random bytes (only their SHA-256 kept), an hour, once,
// and only the newest works.
export const PASSWORD_RESET_LIFETIME_MS = 60 * 60 * 1000;

export function passwordResetUrl(token: string): string {
  return `${env.APP_URL}/reset?token=${encodeURIComponent(token)}`;
}

type MailedAccount = { id: string; email: string; locale: string };

/** A new link (ending the account's earlier ones), in a transaction of its own, and its email. */
export async function writeResetMail({ account, now }: { account: MailedAccount; now: Date }) {
  const token = newSecret();
  const locale = toLocale(account.locale);
  const mail = await renderPasswordResetEmail({ resetUrl: inLanguage(passwordResetUrl(token), locale), locale });
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { accountId: account.id } });
    await tx.passwordResetToken.create({
      data: { tokenHash: hashSecret(token), accountId: account.id, createdAt: now, expiresAt: new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS) },
    });
  });
  return { to: account.email, reference: account.id, secret: true, ...mail };
}

/** A link as the recovery flow reads it, once per request. */
export type ResetLink = {
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  account: { id: string; email: string; miId: string; status: string; locale: string };
};

export async function findResetLink(token: unknown): Promise<ResetLink | null> {
  if (!isSecretShaped(token)) return null;
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { tokenHash: true, expiresAt: true, usedAt: true, account: { select: { id: true, email: true, miId: true, status: true, locale: true } } },
  });
  return linkWithEmail(row);
}
