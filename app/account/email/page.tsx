import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { EmailAddress } from "@/components/ui/email-address";
import { EmailForm } from "./_components/email-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accountSettings");
  return { title: t("emailAddTitle"), robots: { index: false } };
}

// Add or change the account's email address: the address and the current password; the code mailed to it is typed
// on /account/confirm.
export default async function EmailBindingPage() {
  const t = await getTranslations("accountSettings");
  const account = await requireAccount({ redirectTo: "/account/email" });
  return (
    <section className="card">
      <h1 id="email-binding-title">{account.email ? t("emailChangeTitle") : t("emailAddTitle")}</h1>
      {account.email ? <p className="card__sub"><EmailAddress email={account.email} /></p> : null}
      <p className="muted">{t("emailIntro")}</p>
      <EmailForm />
    </section>
  );
}
