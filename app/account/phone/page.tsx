import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { requireAccount } from "@/app/_lib/current-account";
import { listCountries } from "@/lib/shared/countries";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { callingCodes } from "@/app/_lib/phone-countries";
import { PhoneForm } from "./_components/phone-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("accountSettings");
  return { title: t("phoneAddTitle"), robots: { index: false } };
}

// Add or change the account's phone number: the number, the current password and the captcha; the code the number
// then gets is typed on /account/confirm.
export default async function PhoneBindingPage() {
  const t = await getTranslations("accountSettings");
  const account = await requireAccount({ redirectTo: "/account/phone" });
  const locale = await getLocale();
  const countries = listCountries(locale);
  return (
    <section className="card">
      <h1 id="phone-binding-title">{account.phone ? t("phoneChangeTitle") : t("phoneAddTitle")}</h1>
      {account.phone ? <p className="card__sub"><bdi dir="ltr">{formatPhoneNumber(account.phone)}</bdi></p> : null}
      <p className="muted">{t("phoneIntro")}</p>
      <PhoneForm countries={countries} callingCodes={callingCodes(locale)} initialCountry={account.country} initialNonce={newCaptchaNonce()} />
    </section>
  );
}
