import "server-only";
import { renderPasswordChangedEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { queueMessage, type Message, type QueuedMessage } from "@/lib/server/courier/outbox";
import type { TransactionClient } from "@/lib/server/db/types";
import { forgetTrustedDevices } from "@/lib/server/identity/trusted-devices";
import { revokeAccountTokens } from "@/lib/server/identity/app-access";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";

// "Your password was changed", whichever way it was (settings, or a "forgot password" link), in one place: the new
// hash, every other session ended, every other trusted browser forgotten (one that knew the old password meets
// the pause like any stranger), every "forgot password" link gone, every app's tokens revoked ("Sign in with Mi":
// apps keep the consent but must sign the person in again), and a notice to the mailbox.

type Account = { id: string; email: string | null; locale: string };

/**
 * The notice, rendered before the transaction (rendering is slow, and must not hold the database); none for an
 * account without an email (a phone number only).
 */
export async function passwordChangedNotice(account: Account): Promise<Message | null> {
  if (account.email === null) return null;
  const locale = toLocale(account.locale);
  const mail = await renderPasswordChangedEmail({ forgotUrl: inLanguage(`${env.APP_URL}/forgot`, locale), locale });
  return { kind: "password_changed", to: account.email, reference: account.id, ...mail };
}

export type KeptBrowser = {
  /** This browser's session, which stays (under a token the caller has rotated); none: every session ends. */
  sessionId?: string;
  /** This browser's trusted-device cookie: its owner is the one changing the password, so it stays trusted. */
  deviceToken?: string;
};

/** Sets the new password in the caller's transaction and queues the notice; returns what to send after the commit. */
export async function replacePassword(
  tx: TransactionClient,
  { account, passwordHash, keep, notice, now }: { account: Account; passwordHash: string; keep: KeptBrowser; notice: Message | null; now: Date },
): Promise<QueuedMessage[]> {
  await tx.account.update({ where: { id: account.id }, data: { passwordHash } });
  await tx.session.deleteMany({ where: { accountId: account.id, ...(keep.sessionId ? { id: { not: keep.sessionId } } : {}) } });
  await forgetTrustedDevices(tx, { accountId: account.id, keepToken: keep.deviceToken });
  await tx.passwordResetToken.deleteMany({ where: { accountId: account.id } });
  await revokeAccountTokens(tx, { accountId: account.id });
  return notice ? [{ messageId: await queueMessage(tx, { ...notice, now }) }] : [];
}
