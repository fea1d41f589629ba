import "server-only";
import { renderTwoStepNoticeEmail, type TwoStepNotice } from "@/emails";
import { env } from "@/lib/server/config/env";
import { queueMessage, type QueuedMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";

export type { TwoStepNotice };

/**
 * Queues the security notice of a two-step change (or of a passkey added or removed) to the account's email, in its
 * language: none for an account with a phone number only (as the "password changed" notice). Returns what to send
 * after the commit.
 */
export async function queueTwoStepNotice(
  { account, notice, left, name, now }: { account: { id: string; email: string | null; locale: string }; notice: TwoStepNotice; left?: number; name?: string; now: Date },
): Promise<QueuedMessage[]> {
  if (account.email === null) return [];
  const locale = toLocale(account.locale);
  const mail = await renderTwoStepNoticeEmail({ notice, left, name, accountUrl: inLanguage(`${env.APP_URL}/account`, locale), locale });
  return [{ messageId: await queueMessage(db, { kind: "two_step_notice", to: account.email, reference: account.id, ...mail, now }) }];
}
