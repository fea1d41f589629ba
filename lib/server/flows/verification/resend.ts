import "server-only";
import { resendActivationMail, type ResendOutcome } from "@/lib/server/methods/email-link/resend";
import type { ActivationBinding } from "@/lib/server/methods/email-link/activation";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

/** For logs and tests: the person always sees the same answer. "failed": sent now and refused (the courier retries). */
export type ResendResult = ResendOutcome | "failed";

/**
 * "Resend activation email" from the resend page: a fresh link for a pending account (methods/email-link/resend.ts
 * says when), answered alike whether or not the address has an account. `binding` is given when the browser that
 * registered asks (its registration draft), so the link needs no password there.
 */
export async function resendActivation({ email, binding }: { email: string; binding?: ActivationBinding }, context: RequestContext): Promise<ResendResult> {
  const { outcome, accountId, send } = await resendActivationMail({ email, binding, now: context.now });
  const dispatch = await afterCommit(context, {
    send,
    audit: [{ event: "resend", outcome, accountId, by: "stranger" }],
    ...(outcome === "sent" ? { log: { event: "activation.resent", fields: { accountId } } } : {}),
  });
  return dispatch === "failed" ? "failed" : outcome;
}
