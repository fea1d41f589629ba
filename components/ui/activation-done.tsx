import { useTranslations } from "next-intl";
import Link from "next/link";
import { DocumentTitle } from "./document-title";
import { EmailAddress } from "./email-address";
import { MiId } from "./mi-id";

/**
 * An activated account: its Mi Account ID and what it was registered with (the email, or the phone number as
 * formatted on the server), and the way to sign in. The emailed link's page and the code page both end here.
 * `signInHref`: the sign-in page with where the registration began (an app's sign-in request) as its `next`.
 */
export function ActivationDone({ miId, signInHref = "/login", ...identifier }: { miId: string; signInHref?: string } & ({ email: string } | { phone: string })) {
  const m = useTranslations("activate");
  return (
    <>
      <DocumentTitle title={m("doneTitle")} />
      <h1>{m("doneTitle")}</h1>
      <dl className="facts">
        <dt>{m("miIdLabel")}</dt>
        <dd><MiId miId={miId} testId="mi-account-id" /></dd>
        {"email" in identifier ? (
          <>
            <dt>{m("emailLabel")}</dt>
            <dd><EmailAddress email={identifier.email} data-testid="linked-email" /></dd>
          </>
        ) : (
          <>
            <dt>{m("phoneLabel")}</dt>
            <dd><bdi dir="ltr" data-testid="linked-phone">{identifier.phone}</bdi></dd>
          </>
        )}
      </dl>
      <p className="muted">{"email" in identifier ? m("miIdHint") : m("miIdHintPhone")}</p>
      <Link href={signInHref} className="button">{m("signIn")}</Link>
    </>
  );
}
