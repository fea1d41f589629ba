import type { Metadata } from "next";
import Link from "next/link";
import { acceptLanguage, readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { countryFromAcceptLanguage, listCountries } from "@/lib/shared/countries";
import { messages } from "@/lib/shared/messages";
import { offersTickedByDefault } from "@/lib/shared/offers-consent";
import { loadSignUpDraft } from "@/lib/server/accounts/sign-up-draft";
import { Step1Form } from "./_components/step1-form";

export const metadata: Metadata = { title: messages.register.title };

async function firstVisit() {
  const country = countryFromAcceptLanguage(await acceptLanguage()) ?? "";
  return { country, email: "", offers: offersTickedByDefault(country), privacy: false };
}

export default async function RegisterPage() {
  // Coming back from step 2 shows what was typed; a first visit guesses the region from the browser.
  const draft = await loadSignUpDraft(await readCookie(COOKIE.signUpDraft));
  const initial = draft
    ? { country: draft.country, email: draft.email, offers: draft.wantsOffers, privacy: true } // consent was given
    : await firstVisit();
  return (
    <section className="card">
      <p className="steps">{messages.register.stepOf(1)}</p>
      <h1>{messages.register.title}</h1>
      <Step1Form countries={listCountries()} initial={initial} />
      <p className="row muted" style={{ marginTop: 20 }}>
        <span>
          {messages.home.signInPrompt} <Link href="/login">{messages.nav.signIn}</Link>
        </span>
      </p>
    </section>
  );
}
