import Link from "next/link";
import type { ActivationState } from "@/lib/shared/activation-state";
import { activate as m } from "@/lib/shared/messages/activate";


export function ActivationDone({ miId, email }: { miId: string; email: string }) {
  return (
    <>
      <h1>{m.doneTitle}</h1>
      <dl className="facts">
        <dt>{m.miIdLabel}</dt>
        <dd className="mi-id" data-testid="mi-account-id">{miId}</dd>
        <dt>{m.emailLabel}</dt>
        <dd data-testid="linked-email">{email}</dd>
      </dl>
      <p className="muted">{m.miIdHint}</p>
      <Link href="/login" className="button">{m.login}</Link>
    </>
  );
}

/** Every way a link can fail to activate, each with the way forward. */
export function ActivationProblem({ reason }: { reason: Exclude<ActivationState, "ready" | "needs-password"> }) {
  if (reason === "already-active") {
    return (
      <>
        <h1>{m.alreadyTitle}</h1>
        <p>{m.alreadyBody}</p>
        <Link href="/login" className="button">{m.login}</Link>
      </>
    );
  }
  const expired = reason === "expired";
  return (
    <>
      <h1>{expired ? m.expiredTitle : m.invalidTitle}</h1>
      <p>{expired ? m.expiredBody : m.invalidBody}</p>
      <Link href="/resend" className="button">{m.resendLink}</Link>
    </>
  );
}
