import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { EmailAddress } from "@/components/ui/email-address";
import { FormAlert } from "@/components/ui/form-alert";
import { pendingBinding } from "@/lib/server/flows/settings/binding";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { CodeForm, ResendEmailForm } from "./_components/code-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accountSettings");
  return { title: t("codeTitle"), robots: { index: false } };
}

// The second step of adding or changing an email or a phone number: the code sent to it. Where it went is read from
// the code itself, so this page and its form need nothing from the first step but the session.
export default async function ConfirmBindingPage() {
  const t = await getTranslations("accountSettings");
  const account = await requireAccount({ redirectTo: "/account/confirm" });
  const pending = await pendingBinding({ accountId: account.id, now: new Date() });
  if (!pending) redirect("/account#profile");
  const isEmail = pending.kind === "email";
  return (
    <section className="card">
      <h1 id="confirm-binding-title">{t("codeTitle")}</h1>
      <p className="card__sub">{isEmail ? t("codeSentEmail") : t("codeSentPhone")}</p>
      <p data-testid="binding-sent-to">
        <strong>{isEmail ? <EmailAddress email={pending.sentTo} /> : <bdi dir="ltr">{formatPhoneNumber(pending.sentTo)}</bdi>}</strong>
      </p>
      {pending.refused ? <FormAlert message={isEmail ? t("addressRefused") : t("numberRefused")} /> : null}
      <CodeForm />
      {isEmail ? (
        <ResendEmailForm initialWaitSeconds={pending.resendInSeconds} />
      ) : (
        <Link href="/account/phone" className="button button--secondary">{t("startAgain")}</Link>
      )}
      <p className="muted">
        <Link href="/account#profile">{t("cancel")}</Link>
      </p>
    </section>
  );
}
