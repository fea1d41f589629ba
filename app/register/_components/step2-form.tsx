"use client";

import Link from "next/link";
import { useActionState } from "react";
import { CaptchaField } from "@/components/ui/captcha-field";
import { FormAlert } from "@/components/ui/form-alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { register as m } from "@/lib/shared/messages/register";
import { PASSWORD_MIN_LENGTH } from "@/lib/shared/password-rules";
import { registerStep2Action, type Step2State } from "../actions";


export function Step2Form({ email, initialNonce }: { email: string; initialNonce: string }) {
  const [state, formAction] = useActionState(registerStep2Action, {} as Step2State);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      <p className="muted" style={{ margin: 0 }}>{m.registeringAs(email)}</p>
      <FormAlert message={state.message} />
      <PasswordField
        id="register-password"
        name="password"
        label={m.password}
        hint={m.passwordHint}
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors.password}
      />
      <PasswordField
        id="register-confirm-password"
        name="confirmPassword"
        label={m.confirmPassword}
        autoComplete="new-password"
        errors={errors.confirmPassword}
      />
      <CaptchaField
        id="register-captcha"
        errors={errors.captcha}
        nonce={state.captchaNonce ?? initialNonce}
        refreshHref={`/register/password?refresh=${state.captchaNonce ?? initialNonce}`}
      />
      <SubmitButton busy={kept.pending}>{m.submitStep2}</SubmitButton>
      <Link href="/register" className="button button--secondary">{m.back}</Link>
    </form>
  );
}
