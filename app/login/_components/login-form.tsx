"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState, useEffect, useState, type FormEvent } from "react";
import { resendActivationAction } from "@/app/resend/actions";
import { CaptchaField } from "@/components/ui/captcha-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { FormAlert } from "@/components/ui/form-alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import type { SignInState } from "../refusal-state";
import type { PhoneCountry } from "@/app/_lib/phone-countries";
import { PhoneCountrySelect } from "./phone-country-select";
import { PasskeySignIn, type PasskeySignInWords } from "./passkey-sign-in";


type Props = {
  notice?: string;
  /** A refused sign-in, in words, with the form as typed (app/login/refusal-state.ts). */
  refused?: SignInState;
  returnTo?: string;
  /** Set when the server will ask this address for a captcha: it is shown before the first submit. */
  captchaNonce?: string;
  /** For a phone number typed in its national form. */
  countries: readonly PhoneCountry[];
  defaultCountry: string;
  /** The passkey button's words, from the page (only this form needs them). */
  passkeyWords: PasskeySignInWords;
};

export function LoginForm({ notice, refused, returnTo, captchaNonce, countries, defaultCountry, passkeyWords }: Props) {
  const passwordReset = useTranslations("passwordReset");
  const m = useTranslations("login");
  const text = useTranslations("textCode");
  const state: SignInState = refused ?? {};
  const busy = useBusyUntilShownAgain();
  const [resent, resendAction] = useActionState(resendActivationAction, {});
  const errors = state.errors ?? {};
  return (
    <>
      {/* A plain form, with JavaScript or without: its POST is answered before Next.js (app/login/sign-in-post.ts),
          and a refusal comes back as this page with the form as typed. */}
      <form method="post" action={returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login"} onSubmit={busy.onSubmit} className="form" noValidate>
        {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
        <ErrorSummary state={state} fields={{ identifier: "login-identifier", password: "login-password", captcha: "login-captcha" }} notice={notice ? { message: notice, tone: "ok" } : undefined} />
        {state.activationHint ? <p className="field__hint">{state.activationHint}</p> : null}
        <TextField
          id="login-identifier"
          name="identifier"
          label={m("identifier")}
          // "webauthn": the browser may offer this site's passkeys as the field is focused (passkey-sign-in.tsx).
          autoComplete="username webauthn"
          required
          maxLength={EMAIL_MAX_LENGTH}
          defaultValue={state.values?.identifier ?? ""}
          key={state.values?.identifier ?? ""}
          errors={errors.identifier}
        />
        <PhoneCountrySelect
          id="login-country"
          label={text("country")}
          hint={text("countryHint")}
          placeholder={text("countryPlaceholder")}
          countries={countries}
          defaultValue={state.values?.country ?? defaultCountry}
        />
        <PasswordField id="login-password" name="password" label={m("password")} autoComplete="current-password" errors={errors.password} />
        <Link href="/forgot" className="field__hint">{passwordReset("forgotLink")}</Link>
        {/* After 3 failed tries from this address, the server asks for a captcha too (the page knows before rendering). */}
        {captchaNonce ? <CaptchaField id="login-captcha" errors={errors.captcha} nonce={captchaNonce} refreshHref="/login" /> : null}
        <SubmitButton busy={busy.pending}>{m("submit")}</SubmitButton>
        <Link href={returnTo ? `/login/code?next=${encodeURIComponent(returnTo)}` : "/login/code"} className="field__hint">{m("useText")}</Link>
      </form>
      <PasskeySignIn returnTo={returnTo} words={passkeyWords} />
      {/* After a resend without JavaScript the page is rendered afresh: the resend's own state keeps it shown. */}
      {state.unactivatedEmail || resent.values?.email ? (
        <form action={resendAction} className="form" style={{ marginTop: 12 }}>
          <input type="hidden" name="email" value={state.unactivatedEmail ?? resent.values?.email} />
          <p className="field__hint">{m("registeredHere")}</p>
          <FormAlert message={resent.message} tone="ok" />
          <SubmitButton secondary>{m("resend")}</SubmitButton>
        </form>
      ) : null}
      <p className="muted" style={{ marginTop: 20 }}>
        {m("noAccount")} <Link href={returnTo ? `/register?next=${encodeURIComponent(returnTo)}` : "/register"}>{m("createOne")}</Link>
      </p>
    </>
  );
}

/**
 * Busy from the submit until the browser leaves the page; a page brought back by Back (the back/forward cache) is
 * ready again. A submit held for the proof of work (components/ui/proof-of-work.tsx) is not one yet.
 */
function useBusyUntilShownAgain(): { pending: boolean; onSubmit: (event: FormEvent<HTMLFormElement>) => void } {
  const [pending, setPending] = useState(false);
  useEffect(() => {
    const ready = () => setPending(false);
    window.addEventListener("pageshow", ready);
    return () => window.removeEventListener("pageshow", ready);
  }, []);
  return { pending, onSubmit: (event) => void (event.defaultPrevented || setPending(true)) };
}
