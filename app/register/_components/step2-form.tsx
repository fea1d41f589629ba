"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { CaptchaField } from "@/components/ui/captcha-field";
import { EmailAddress } from "@/components/ui/email-address";
import { ErrorSummary } from "@/components/ui/error-summary";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { registerStep2Action, type Step2State } from "../actions";


/** What the account is registered with: the email, or the phone number as formatted on the server. */
type RegisteringAs = { email: string } | { phone: string };

export function Step2Form({ registeringAs, initialNonce }: { registeringAs: RegisteringAs; initialNonce: string }) {
  const m = useTranslations("register");
  const [state, formAction] = useActionState(registerStep2Action, {} as Step2State);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  const email = "email" in registeringAs ? registeringAs.email : undefined;
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      <p className="muted" style={{ margin: 0 }}>
        {"email" in registeringAs
          ? m.rich("registeringAs", { address: registeringAs.email, email: () => <EmailAddress email={registeringAs.email} /> })
          : m.rich("registeringAsPhone", { number: registeringAs.phone, phone: () => <bdi dir="ltr">{registeringAs.phone}</bdi> })}
      </p>
      <ErrorSummary state={state} fields={{ password: "register-password", confirmPassword: "register-confirm-password", captcha: "register-captcha" }} />
      <NewPasswordFields
        ids={{ password: "register-password", confirm: "register-confirm-password" }}
        labels={{ password: m("password"), confirm: m("confirmPassword") }}
        email={email}
        errors={errors}
      />
      <CaptchaField
        id="register-captcha"
        errors={errors.captcha}
        nonce={state.captchaNonce ?? initialNonce}
        refreshHref={`/register/password?refresh=${state.captchaNonce ?? initialNonce}`}
      />
      <SubmitButton busy={kept.pending}>{m("submitStep2")}</SubmitButton>
      <Link href="/register" className="button button--secondary">{m("back")}</Link>
    </form>
  );
}
