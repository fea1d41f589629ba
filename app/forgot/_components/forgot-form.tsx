"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CaptchaField } from "@/components/ui/captcha-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { PhoneCountrySelect } from "@/app/login/_components/phone-country-select";
import type { PhoneCountry } from "@/app/_lib/phone-countries";
import { requestPasswordResetAction, type ForgotState } from "../actions";

type Props = { countries: readonly PhoneCountry[]; defaultCountry: string };

/**
 * One field, as before, for an email or a Mi Account ID. Once a phone number is typed, the form grows its
 * country/region and the captcha (a text message costs money, so a person must ask for it), and sends a code.
 */
export function ForgotForm({ countries, defaultCountry }: Props) {
  const m = useTranslations("passwordReset");
  const text = useTranslations("textCode");
  const [state, formAction] = useActionState(requestPasswordResetAction, {} as ForgotState);
  const kept = useKeptForm(formAction);
  const value = state.values?.identifier ?? "";
  const errors = state.errors ?? {};
  const phoneStep = state.phoneStep;
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      <ErrorSummary state={state} fields={{ identifier: "forgot-identifier", country: "forgot-country", captcha: "forgot-captcha" }} />
      {/* The first phone step says this as its (announced) message; after a refusal it stays as a hint. */}
      {phoneStep && !state.message ? <p className="field__hint">{m("phoneIntro")}</p> : null}
      <TextField
        id="forgot-identifier"
        name="identifier"
        type="text"
        label={m("identifier")}
        autoComplete="username"
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={value}
        key={value}
        errors={errors.identifier}
      />
      {phoneStep ? (
        <>
          <input type="hidden" name="step" value="phone" />
          <PhoneCountrySelect
            id="forgot-country"
            label={text("country")}
            hint={text("countryHint")}
            placeholder={text("countryPlaceholder")}
            countries={countries}
            defaultValue={state.values?.country || defaultCountry}
            errors={errors.country}
          />
          <CaptchaField id="forgot-captcha" errors={errors.captcha} nonce={phoneStep.captchaNonce} refreshHref="/forgot" />
          <SubmitButton busy={kept.pending}>{text("sendCode")}</SubmitButton>
        </>
      ) : (
        <SubmitButton busy={kept.pending}>{m("requestSubmit")}</SubmitButton>
      )}
    </form>
  );
}
