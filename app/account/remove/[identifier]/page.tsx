import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { EmailAddress } from "@/components/ui/email-address";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { RemoveForm } from "./_components/remove-form";

type Props = { params: Promise<{ identifier: string }> };

const isIdentifier = (value: string): value is "email" | "phone" => value === "email" || value === "phone";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("accountSettings");
  const { identifier } = await params;
  return { title: identifier === "email" ? t("removeEmailTitle") : t("removePhoneTitle"), robots: { index: false } };
}

// Removing the email or the phone number, a second step as deleting is: what it means, the password, the button.
// Offered only while the other remains; the flow refuses the last one whatever is posted.
export default async function RemoveIdentifierPage({ params }: Props) {
  const { identifier } = await params;
  if (!isIdentifier(identifier)) notFound();
  const t = await getTranslations("accountSettings");
  const a = await getTranslations("account");
  const account = await requireAccount({ redirectTo: `/account/remove/${identifier}` });
  const value = account[identifier];
  if (!value || !account[identifier === "email" ? "phone" : "email"]) redirect("/account#profile");
  return (
    <section className="card">
      <h1 id="remove-identifier-title">{identifier === "email" ? t("removeEmailTitle") : t("removePhoneTitle")}</h1>
      <p className="card__sub">
        <strong>{identifier === "email" ? <EmailAddress email={value} /> : <bdi dir="ltr">{formatPhoneNumber(value)}</bdi>}</strong>
      </p>
      <p>{identifier === "email" ? t("removeEmailBody") : t("removePhoneBody")}</p>
      <RemoveForm identifier={identifier} submit={identifier === "email" ? a("removeEmail") : a("removePhone")} />
    </section>
  );
}
