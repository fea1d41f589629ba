import { useTranslations } from "next-intl";
import Link from "next/link";
import { DocumentTitle } from "@/components/ui/document-title";
import { EmailAddress } from "@/components/ui/email-address";
import { MiId } from "@/components/ui/mi-id";
import type { ActivationState } from "@/lib/shared/activation-state";


export function ActivationDone({ miId, email }: { miId: string; email: string }) {
  const m = useTranslations("activate");
  return (
    <>
      <DocumentTitle title={m("doneTitle")} />
      <h1>{m("doneTitle")}</h1>
      <dl className="facts">
        <dt>{m("miIdLabel")}</dt>
        <dd><MiId miId={miId} testId="mi-account-id" /></dd>
        <dt>{m("emailLabel")}</dt>
        <dd><EmailAddress email={email} data-testid="linked-email" /></dd>
      </dl>
      <p className="muted">{m("miIdHint")}</p>
      <Link href="/login" className="button">{m("signIn")}</Link>
    </>
  );
}

/** Every way a link can fail to activate, each with the way forward. */
export function ActivationProblem({ reason }: { reason: Exclude<ActivationState, "ready" | "needs-password"> }) {
  const m = useTranslations("activate");
  if (reason === "already-active") {
    return (
      <>
        <DocumentTitle title={m("alreadyTitle")} />
        <h1>{m("alreadyTitle")}</h1>
        <p>{m("alreadyBody")}</p>
        <Link href="/login" className="button">{m("signIn")}</Link>
      </>
    );
  }
  const expired = reason === "expired";
  return (
    <>
      <DocumentTitle title={expired ? m("expiredTitle") : m("invalidTitle")} />
      <h1>{expired ? m("expiredTitle") : m("invalidTitle")}</h1>
      <p>{expired ? m("expiredBody") : m("invalidBody")}</p>
      <Link href="/resend" className="button">{m("resendLink")}</Link>
    </>
  );
}
