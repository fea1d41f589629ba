import "server-only";
import { queueUnwrittenMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { emailKey } from "@/lib/shared/email-address";
import { hasEmail } from "./mailable";
import { ACTIVATION_MAIL_COOLDOWN_MS, writeActivationMail, type ActivationBinding } from "./activation";

// "Resend activation email", from the resend page or the check-email page. The request only counts the ask against
// the typed address and queues an unwritten message (courier/outbox.ts): the same two writes whoever the address
// belongs to, free, pending or active, so neither the answer nor its timing nor the work left after it tells them
// apart. The worker writes the message when it is due (writeActivationResend): a fresh link for a pending account,
// at most once per cooldown; nothing for any other address.

/**
 * What the message is written from: the typed address, the address group that asked (for the audit row written
 * then), and the registration it belongs to when that browser asked.
 */
type ResendBasis = { email: string; ipGroup: string; binding?: ActivationBinding };

/** Why a resend left nothing to send, or that it did. */
export type ResendOutcome = "sent" | "cooldown" | "not-pending";

/**
 * Counts the ask (per address group, then five an hour per typed address, whether or not it has an account) and
 * queues the unwritten message.
 */
export async function queueActivationResend({ email, ipGroup, binding, now }: ResendBasis & { now: Date }): Promise<{ queued: string } | { limited: true }> {
  if (!(await consumeLimit({ limit: LIMITS.resendPerIp, key: ipGroup })).ok) return { limited: true };
  if (!(await consumeLimit({ limit: LIMITS.resendPerAddress, key: emailKey(email) })).ok) return { limited: true };
  const basis: ResendBasis = { email, ipGroup, ...(binding ? { binding } : {}) };
  return { queued: await queueUnwrittenMessage(db, { kind: "activation", composeFrom: JSON.stringify(basis), now }) };
}

/**
 * Writes a queued resend when it is due. Earlier links stay live. Without a binding (another browser than the one
 * that registered), the link is bound to the account's current password, which that browser must then type.
 */
export async function writeActivationResend({ composeFrom, now }: { composeFrom: string; now: Date }): Promise<{
  outcome: ResendOutcome;
  ipGroup: string;
  accountId?: string;
  message?: Awaited<ReturnType<typeof writeActivationMail>>;
}> {
  const { email, ipGroup, binding } = JSON.parse(composeFrom) as ResendBasis;
  const account = await db.account.findUnique({ where: { emailKey: emailKey(email) } });
  const accountId = account?.id;
  if (!account || account.status !== "pending" || !hasEmail(account)) return { outcome: "not-pending", ipGroup, accountId };
  const claimed = await db.account.updateMany({
    where: {
      id: account.id,
      status: "pending",
      OR: [{ activationMailedAt: null }, { activationMailedAt: { lte: new Date(now.getTime() - ACTIVATION_MAIL_COOLDOWN_MS) } }],
    },
    data: { activationMailedAt: now },
  });
  if (claimed.count !== 1) return { outcome: "cooldown", ipGroup, accountId };
  const bound = binding ?? { passwordHash: account.passwordHash, draftIdHash: null };
  const message = await db.$transaction((tx) => writeActivationMail(tx, { account, binding: bound, now }));
  return { outcome: "sent", ipGroup, accountId, message };
}
