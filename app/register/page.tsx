import type { Metadata } from "next";
import Link from "next/link";
import { acceptLanguage } from "@/app/_lib/request";
import { countryFromAcceptLanguage, listCountries } from "@/lib/shared/countries";
import { getLocale, getTranslations } from "next-intl/server";
import { offersTickedByDefault } from "@/lib/shared/offers-consent";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { callingCodes } from "@/app/_lib/phone-countries";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { Step1Form, type Step1Initial } from "./_components/step1-form";
import { readRegistrationReturnPath } from "@/app/_lib/registration-return";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("register.title") };
}

async function firstVisit(): Promise<Step1Initial> {
  const country = countryFromAcceptLanguage(await acceptLanguage()) ?? "";
  return { method: "email", country, email: "", phone: "", offers: offersTickedByDefault(country), privacy: false };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RegisterPage({ searchParams }: Props) {
  const t = await getTranslations();
  // Begun from an app's sign-in (/login?next=/authorize/<uid>): after activation, back to it. Coming back to step 1
  // keeps the path step 1 was first given.
  const returnTo = safeReturnPath((await searchParams).next) ?? (await readRegistrationReturnPath());
  // Coming back from step 2 shows what was typed; a first visit guesses the region from the browser.
  const draft = await currentRegistrationDraft();
  const initial: Step1Initial = draft
    ? {
        method: draft.phone === undefined ? "email" : "phone",
        country: draft.country,
        email: draft.email ?? "",
        // International, so it reads the same whichever country is chosen next.
        phone: draft.phone === undefined ? "" : formatPhoneNumber(draft.phone),
        offers: draft.wantsOffers,
        privacy: true, // consent was given
      }
    : await firstVisit();
  const locale = await getLocale();
  const countries = listCountries(locale);
  return (
    <section className="card">
      <p className="steps">{t("register.stepOf", { step: 1, total: 2 })}</p>
      <h1>{t("register.title")}</h1>
      <Step1Form countries={countries} callingCodes={callingCodes(locale)} initial={initial} returnTo={returnTo} />
      <p className="row muted" style={{ marginTop: 20 }}>
        <span>
          {t("home.signInPrompt")} <Link href={returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login"}>{t("nav.signIn")}</Link>
        </span>
      </p>
    </section>
  );
}
