import "server-only";
import type { Composer } from "@/lib/server/courier/outbox";
import type { ActivationBinding } from "@/lib/server/methods/email-link/activation";
import { queueActivationResend, writeActivationResend } from "@/lib/server/methods/email-link/resend";
import { afterCommit } from "../after-commit";
import { plainContext, type RequestContext } from "../context";

/** For logs and tests: the person always sees the same answer, and is told only when the limit refused. */
export type ResendResult = "queued" | "limited";

/**
 * "Resend activation email" from the resend page, answered alike whether or not the address has an account: the
 * request queues an unwritten message (methods/email-link/resend.ts) and the worker writes it, or drops it, later
 * (composeActivationResend). `binding` is given when the browser that registered asks (its registration draft), so
 * the link needs no password there.
 */
export async function resendActivation({ email, binding }: { email: string; binding?: ActivationBinding }, context: RequestContext): Promise<ResendResult> {
  const queued = await queueActivationResend({ email, binding, ipGroup: context.ipGroup, now: context.now });
  return "limited" in queued ? "limited" : "queued";
}

/**
 * The worker's writer of queued resends (instrumentation.ts hands it to the courier): the link and its email for a
 * pending account, nothing for any other address. The audit row is written here, once the outcome is known, for
 * every address alike, with the address group that asked.
 */
export const composeActivationResend: Composer = async ({ composeFrom, now }) => {
  const { outcome, ipGroup, accountId, message } = await writeActivationResend({ composeFrom, now });
  await afterCommit(plainContext({ now, ipGroup }), {
    audit: [{ event: "resend", outcome, accountId, by: "stranger" }],
    ...(message ? { log: { event: "activation.resent", fields: { accountId } } } : {}),
  });
  return message ?? { drop: outcome };
};
