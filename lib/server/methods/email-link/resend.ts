import "server-only";
import type { QueuedMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { emailKey } from "@/lib/shared/email-address";
import { ACTIVATION_MAIL_COOLDOWN_MS, queueActivationMail, type ActivationBinding } from "./activation";

export type ResendOutcome = "sent" | "cooldown" | "not-pending" | "limited";

/**
 * A fresh activation link for a pending account, at most once per cooldown and five times an hour, whoever asks
 * (the resend page, the check-email page). Every request counts against the address, whether or not it has an
 * account, so the limit tells nothing. Earlier links stay live. Without `binding` (another browser than the one
 * that registered), the link is bound to the account's current password, which that browser must then type.
 */
export async function resendActivationMail({ email, binding, now }: { email: string; binding?: ActivationBinding; now: Date }): Promise<{
  outcome: ResendOutcome;
  accountId?: string;
  send: QueuedMessage[];
}> {
  const account = await db.account.findUnique({ where: { emailKey: emailKey(email) } });
  const accountId = account?.id;
  if (!(await consumeLimit({ limit: LIMITS.resendPerAddress, key: emailKey(email) })).ok) return { outcome: "limited", accountId, send: [] };
  if (!account || account.status !== "pending") return { outcome: "not-pending", accountId, send: [] };
  const claimed = await db.account.updateMany({
    where: {
      id: account.id,
      status: "pending",
      OR: [{ activationMailedAt: null }, { activationMailedAt: { lte: new Date(now.getTime() - ACTIVATION_MAIL_COOLDOWN_MS) } }],
    },
    data: { activationMailedAt: now },
  });
  if (claimed.count !== 1) return { outcome: "cooldown", accountId, send: [] };
  const bound = binding ?? { passwordHash: account.passwordHash, draftIdHash: null };
  const message = await db.$transaction((tx) => queueActivationMail(tx, { account, binding: bound, now }));
  return { outcome: "sent", accountId, send: [message] };
}
