"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { CaptchaField } from "@/components/ui/captcha-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { FieldErrors, describedBy } from "@/components/ui/field-errors";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { Country } from "@/lib/shared/countries";
import { bindPhoneAction, type PhoneBindingState } from "../actions";

type Props = { countries: readonly Country[]; callingCodes: Record<string, string>; initialCountry: string; initialNonce: string };

/** The number (country/region and the field, its calling code shown), the current password and the captcha. */
export function PhoneForm({ countries, callingCodes, initialCountry, initialNonce }: Props) {
  const m = useTranslations("accountSettings");
  const a = useTranslations("account");
  const [state, formAction] = useActionState(bindPhoneAction, {} as PhoneBindingState);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  const sentCountry = state.values?.country || initialCountry;
  // Follows the select with JavaScript; without it the server's answer brings the chosen country back.
  const [country, setCountry] = useState(sentCountry);
  const callingCode = callingCodes[country];
  const nonce = state.captchaNonce ?? initialNonce;
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="phone-binding-title">
      <ErrorSummary state={state} fields={{ country: "bind-country", phone: "bind-phone", currentPassword: "bind-phone-password", captcha: "bind-phone-captcha" }} />
      <div className="field">
        <label htmlFor="bind-country">{a("country")}</label>
        <select
          id="bind-country"
          name="country"
          className="select"
          defaultValue={sentCountry}
          key={`country-${sentCountry}`}
          aria-invalid={errors.country ? true : undefined}
          aria-describedby={describedBy("bind-country", errors.country)}
          onChange={(event) => setCountry(event.target.value)}
        >
          {countries.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </select>
        <FieldErrors id="bind-country" errors={errors.country} />
      </div>
      <TextField
        id="bind-phone"
        name="phone"
        type="tel"
        label={m("phoneNumber")}
        autoComplete="tel"
        inputMode="tel"
        dir="ltr"
        required
        defaultValue={state.values?.phone ?? ""}
        key={`phone-${state.values?.phone ?? ""}`}
        // Isolated left to right, so "+86" keeps its plus in front inside an Arabic sentence.
        hint={callingCode ? m("callingCode", { code: `\u2066${callingCode}\u2069` }) : undefined}
        errors={errors.phone}
      />
      <PasswordField id="bind-phone-password" name="currentPassword" label={m("currentPassword")} autoComplete="current-password" errors={errors.currentPassword} />
      <CaptchaField id="bind-phone-captcha" errors={errors.captcha} nonce={nonce} refreshHref={`/account/phone?refresh=${nonce}`} />
      <SubmitButton busy={kept.pending}>{m("sendCode")}</SubmitButton>
      <Link href="/account#profile" className="button button--secondary">{m("cancel")}</Link>
    </form>
  );
}
