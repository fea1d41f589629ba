import { useTranslations } from "next-intl";
import Link from "next/link";
import { DocumentTitle } from "@/components/ui/document-title";
import type { ActivationState } from "@/lib/shared/activation-state";

// The done view is shared with the code page of a registration by phone.
export { ActivationDone } from "@/components/ui/activation-done";


/** Every way a link can fail to activate, each with the way forward. */
export function ActivationProblem({ reason, signInHref = "/login" }: { reason: Exclude<ActivationState, "ready" | "needs-password">; signInHref?: string }) {
  const m = useTranslations("activate");
  if (reason === "already-active") {
    return (
      <>
        <DocumentTitle title={m("alreadyTitle")} />
        <h1>{m("alreadyTitle")}</h1>
        <p>{m("alreadyBody")}</p>
        <Link href={signInHref} className="button">{m("signIn")}</Link>
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
