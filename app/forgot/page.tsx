import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { defaultPhoneCountry, phoneCountries } from "@/app/_lib/phone-countries";
import { ForgotForm } from "./_components/forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("passwordReset.requestTitle") };
}

export default async function ForgotPage() {
  const t = await getTranslations();
  return (
    <section className="card">
      <h1>{t("passwordReset.requestTitle")}</h1>
      <p className="card__sub">{t("passwordReset.requestIntro")}</p>
      <ForgotForm countries={phoneCountries(await getLocale())} defaultCountry={await defaultPhoneCountry()} />
      <p className="muted back-link">
        <Link href="/login">{t("passwordReset.backToSignIn")}</Link>
      </p>
    </section>
  );
}
