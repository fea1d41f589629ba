import "server-only";
import type { Account } from "@/lib/server/db/types";
import { db } from "@/lib/server/db/client";
import { dispatchMail, type MailContext } from "@/lib/server/mail/dispatch";
import { log } from "@/lib/server/log";
import { recordAudit } from "@/lib/server/security/audit";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { emailKey } from "@/lib/shared/email-address";
import type { ActivationBinding } from "./activation";
import { ACTIVATION_MAIL_COOLDOWN_MS, queueActivationMail, sendActivationMail } from "./activation-mail";

export type ResendOutcome = "sent" | "cooldown" | "not-pending" | "failed" | "limited";

/**
 * Sends a fresh activation link to a pending account, at most once per cooldown and five times an hour.
 * Every request counts against the address, whether or not it has an account, so the limit tells nothing.
 * Earlier links stay live. `draftBinding` is given when the browser that registered asks (sign-up-draft.ts).
 */
export async function resendActivation(
  email: string,
  now = new Date(),
  context: MailContext = {},
  draftBinding?: ActivationBinding,
): Promise<ResendOutcome> {
  const account = await db.account.findUnique({ where: { emailKey: emailKey(email) } });
  const outcome = await resendIfAllowed(email, account, now, context, draftBinding);
  await recordAudit({ event: "resend", outcome, accountId: account?.id, ipGroup: context.ipGroup }, now);
  return outcome;
}

async function resendIfAllowed(
  email: string,
  account: Account | null,
  now: Date,
  context: MailContext,
  draftBinding?: ActivationBinding,
): Promise<ResendOutcome> {
  if (!(await consumeLimit(LIMITS.resendPerAddress, emailKey(email))).ok) return "limited";
  if (!account || account.status !== "pending") return "not-pending";
  const claimed = await db.account.updateMany({
    where: {
      id: account.id,
      status: "pending",
      OR: [
        { activationMailedAt: null },
        { activationMailedAt: { lte: new Date(now.getTime() - ACTIVATION_MAIL_COOLDOWN_MS) } },
      ],
    },
    data: { activationMailedAt: now },
  });
  if (claimed.count !== 1) return "cooldown";
  // From the browser that registered, the link is bound to the password chosen there; from anywhere else, to
  // the account's current password, which any other browser must then type (activation.ts).
  const binding = draftBinding ?? { passwordHash: account.passwordHash, draftIdHash: null };
  const messageId = await db.$transaction((tx) => queueActivationMail(tx, account, binding, now));
  const sent = await dispatchMail(context, () => sendActivationMail(account.id, messageId, now));
  log.info("activation.resent", { accountId: account.id, mail: sent });
  return sent === "failed" ? "failed" : "sent";
}
