import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { PHONE_INPUT_MAX_LENGTH } from "@/lib/shared/phone-number";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { defaultPhoneCountry, phoneCountries } from "@/app/_lib/phone-countries";
import { CodeRequestForm } from "./_components/code-request-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("login.codeTitle") };
}

// Sign in "using a text message", step 1: the number; step 2 (/login/code/sent) takes the code.
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInCodePage({ searchParams }: Props) {
  const t = await getTranslations();
  const returnTo = safeReturnPath((await searchParams).next) ?? undefined;
  return (
    <section className="card">
      <h1>{t("login.codeTitle")}</h1>
      <p className="card__sub">{t("login.codeIntro")}</p>
      <CodeRequestForm
        countries={phoneCountries(await getLocale())}
        defaultCountry={await defaultPhoneCountry()}
        captchaNonce={newCaptchaNonce()}
        phoneMaxLength={PHONE_INPUT_MAX_LENGTH}
        returnTo={returnTo}
      />
      <p className="muted back-link">
        <Link href="/login">{t("login.usePassword")}</Link>
      </p>
    </section>
  );
}
