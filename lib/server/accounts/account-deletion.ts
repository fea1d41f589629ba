import "server-only";
import { toLocale } from "@/lib/shared/i18n/locales";
import { renderAccountDeletedEmail } from "@/emails";
import { db } from "@/lib/server/db/client";
import { dispatchMail, type MailContext } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { recordAudit } from "@/lib/server/security/audit";
import { consumeLimit, LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { verifyPassword } from "./passwords";

// Deleting an account, asked for with its password: the account and everything that hangs off it go (sessions,
// links, trusted browsers, queued mail, sign-up drafts of its address); the audit trail keeps its rows but loses
// their address groups, so nothing personal is left; the address may register again; a goodbye is mailed.

export type Deletion = { ok: true } | { ok: false; reason: "wrong-password" } | { ok: false; reason: "limited"; retryAfterMs: number };

export async function deleteAccount(accountId: string, password: string, now = new Date(), context: MailContext = {}): Promise<Deletion> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const allowed = await consumeLimit(LIMITS.passwordChecksPerAccount, accountId);
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  if (password.length > 64 || !(await verifyPassword(password, account.passwordHash))) return { ok: false, reason: "wrong-password" };
  await resetLimit(LIMITS.passwordChecksPerAccount, accountId);
  const goodbye = await renderAccountDeletedEmail({ locale: toLocale(account.locale) });
  const messageId = await db.$transaction(async (tx) => {
    await tx.outboxMessage.deleteMany({ where: { accountId } });
    await tx.signUpDraft.deleteMany({ where: { email: account.email } });
    await tx.account.delete({ where: { id: accountId } });
    // Not tied to the account (which is gone); the outbox forgets the address once it is sent.
    return enqueueMail(tx, { kind: "account_deleted", to: account.email, ...goodbye }, now);
  });
  await db.auditEvent.updateMany({ where: { accountId }, data: { ipGroup: null } });
  await recordAudit({ event: "account_deleted", outcome: "ok", accountId }, now);
  await dispatchMail(context, async () => (await sendOutboxMessage(messageId, now)) === "sent");
  return { ok: true };
}
