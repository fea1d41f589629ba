"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CaptchaField } from "@/components/ui/captcha-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { PhoneCountrySelect } from "../../_components/phone-country-select";
import type { PhoneCountry } from "@/app/_lib/phone-countries";
import { requestSignInCodeAction, type CodeRequestState } from "../actions";

type Props = {
  countries: readonly PhoneCountry[];
  defaultCountry: string;
  captchaNonce: string;
  /** lib/shared/phone-number.ts's limit, passed in: that module's metadata stays out of the browser. */
  phoneMaxLength: number;
  /** Where the sign-in was asked from (a same-site path), to go back to after the code. */
  returnTo?: string;
};

/** The phone number, its country/region and the captcha, always: nothing is texted before a person is shown to ask. */
export function CodeRequestForm({ countries, defaultCountry, captchaNonce, phoneMaxLength, returnTo }: Props) {
  const m = useTranslations("textCode");
  const [state, formAction] = useActionState(requestSignInCodeAction, { captchaNonce } as CodeRequestState);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
      <ErrorSummary state={state} fields={{ phone: "code-phone", country: "code-country", captcha: "code-captcha" }} />
      <PhoneCountrySelect
        id="code-country"
        label={m("country")}
        hint={m("countryHint")}
        placeholder={m("countryPlaceholder")}
        countries={countries}
        defaultValue={state.values?.country ?? defaultCountry}
        errors={errors.country}
      />
      <TextField
        id="code-phone"
        name="phone"
        type="tel"
        label={m("phone")}
        autoComplete="tel"
        inputMode="tel"
        required
        maxLength={phoneMaxLength}
        defaultValue={state.values?.phone ?? ""}
        key={`phone-${state.values?.phone ?? ""}`}
        errors={errors.phone}
      />
      <CaptchaField id="code-captcha" errors={errors.captcha} nonce={state.captchaNonce} refreshHref="/login/code" />
      <SubmitButton busy={kept.pending}>{m("sendCode")}</SubmitButton>
    </form>
  );
}
