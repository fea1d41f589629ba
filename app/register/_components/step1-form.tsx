"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState, useRef, useState } from "react";
import { emptyState } from "@/lib/shared/form-state";
import { FieldErrors, describedBy } from "@/components/ui/field-errors";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { PhoneField } from "@/components/ui/phone-field";
import { TextField } from "@/components/ui/text-field";
import type { Country } from "@/lib/shared/countries";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { offersTickedByDefault } from "@/lib/shared/offers-consent";
import { PHONE_INPUT_MAX_LENGTH } from "@/lib/shared/phone-number";
import { registerStep1Action } from "../actions";
import styles from "./step1.module.css";

export type Step1Initial = { method: "email" | "phone"; country: string; email: string; phone: string; offers: boolean; privacy: boolean };

type Props = {
  countries: readonly Country[];
  /** Country/region → its calling code ("+86"), from the server: the numbering rules are too large for the page. */
  callingCodes: Readonly<Record<string, string>>;
  initial: Step1Initial;
  /** Where the sign-in after activation goes back to (an app's sign-in request), kept by step 1's action. */
  returnTo?: string;
};

export function Step1Form({ countries, callingCodes, initial, returnTo }: Props) {
  const m = useTranslations("register");
  const [state, formAction] = useActionState(registerStep1Action, emptyState);
  const kept = useKeptForm(formAction);
  // Without JavaScript the page comes back from the server: the consent box as the person left it.
  const privacy = state.values ? state.values.privacy === "on" : initial.privacy;
  // Until the person touches the offers box, it follows the chosen country's default (offers-consent.ts).
  const offersBox = useRef<HTMLInputElement>(null);
  const offersTouched = useRef(false);
  const country = state.values?.country ?? initial.country;
  const email = state.values?.email ?? initial.email;
  const phone = state.values?.phone ?? initial.phone;
  const method = state.values ? (state.values.method === "phone" ? "phone" : "email") : initial.method;
  // The calling code follows the select as it changes; without JavaScript, the server's answer shows the new one.
  const [chosenCountry, setChosenCountry] = useState<{ from: string; value: string } | null>(null);
  const shownCountry = chosenCountry?.from === country ? chosenCountry.value : country;
  const offers = state.values ? state.values.offers === "on" : initial.offers;
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className={`form ${styles.form}`} noValidate>
      {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
      <ErrorSummary state={state} fields={{ country: "register-country", email: "register-email", phone: "register-phone", privacy: "register-privacy" }} />
      <div className="field">
        <label htmlFor="register-country">{m("country")}</label>
        <select
          id="register-country"
          name="country"
          className="select"
          defaultValue={country}
          key={`country-${country}`}
          required
          aria-invalid={errors.country ? true : undefined}
          aria-describedby={describedBy("register-country", errors.country)}
          onChange={(event) => {
            setChosenCountry({ from: country, value: event.target.value });
            if (offersBox.current && !offersTouched.current) offersBox.current.checked = offersTickedByDefault(event.target.value);
          }}
        >
          <option value="" disabled>{m("countryPlaceholder")}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </select>
        <FieldErrors id="register-country" errors={errors.country} />
      </div>
      <fieldset className={styles.method}>
        <legend>{m("method")}</legend>
        {(["email", "phone"] as const).map((choice) => (
          <label key={`${choice}-${method}`} className={styles.choice}>
            <input type="radio" name="method" value={choice} id={`register-method-${choice}`} defaultChecked={method === choice} />
            <span>{choice === "email" ? m("methodEmail") : m("methodPhone")}</span>
          </label>
        ))}
      </fieldset>
      <div className={styles.byEmail}>
        <TextField
          id="register-email"
          name="email"
          type="email"
          label={m("email")}
          placeholder={m("emailPlaceholder")}
          autoComplete="email"
          inputMode="email"
          maxLength={EMAIL_MAX_LENGTH}
          required
          defaultValue={email}
          key={`email-${email}`}
          errors={errors.email}
        />
      </div>
      <div className={styles.byPhone}>
        <PhoneField
          id="register-phone"
          name="phone"
          label={m("phone")}
          hint={m("phoneHint")}
          callingCode={callingCodes[shownCountry] ?? null}
          maxLength={PHONE_INPUT_MAX_LENGTH}
          required
          defaultValue={phone}
          key={`phone-${phone}`}
          errors={errors.phone}
        />
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name="privacy"
            id="register-privacy"
            defaultChecked={privacy}
            key={`privacy-${privacy}`}
            required
            aria-invalid={errors.privacy ? true : undefined}
            aria-describedby={describedBy("register-privacy", errors.privacy)}
          />
          <span>
            {m.rich("privacyConsent", { link: (chunks) => <Link href="/privacy" target="_blank">{chunks}</Link> })}
          </span>
        </label>
        <FieldErrors id="register-privacy" errors={errors.privacy} />
      </div>
      <label className="check">
        <input
          type="checkbox"
          name="offers"
          id="register-offers"
          defaultChecked={offers}
          key={`offers-${offers}`}
          ref={offersBox}
          onChange={() => (offersTouched.current = true)}
        />
        <span>{m("offers")}</span>
      </label>
      <SubmitButton busy={kept.pending}>{m("submitStep1")}</SubmitButton>
    </form>
  );
}
