"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { CodeField } from "@/components/ui/code-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { renewRecoveryCodesAction, turnOffTwoStepAction, turnOnTwoStepAction, type TwoStepState } from "../actions";
import { RecoveryCodes } from "./recovery-codes";

/**
 * The authenticator app's QR code and key, and the code that confirms it; then the recovery codes. Rendered by the
 * page whether two-step is on or off (`setup` null when on): without JavaScript the page that answers the form is
 * rendered anew, with two-step on by then, and this is where the action's answer (the codes) is shown.
 */
export function TurnOnForm({ setup, miId }: { setup: { qrSvg: string; secret: string } | null; miId: string }) {
  const m = useTranslations("twoStep");
  const [state, formAction] = useActionState(turnOnTwoStepAction, {} as TwoStepState);
  const kept = useKeptForm(formAction);
  if (state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} miId={miId} />;
  if (!setup) return null;
  const { qrSvg, secret } = setup;
  return (
    <>
      <h2>{m("setupTitle")}</h2>
      <p>{m("scan")}</p>
      {/* The SVG is drawn on the server by the qrcode package from the otpauth:// URI: markup, no script. */}
      <div className="qr-code" role="img" aria-label={m("qrLabel")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p>{m("manual")}</p>
      <p><code dir="ltr" className="totp-secret" data-testid="totp-secret">{secret}</code></p>
      <p>{m("enterCode")}</p>
      <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
        <ErrorSummary state={state} fields={{ code: "two-step-setup-code" }} />
        <CodeField id="two-step-setup-code" label={m("code")} hint={m("codeHint")} errors={state.errors?.code} />
        <SubmitButton busy={kept.pending}>{m("confirm")}</SubmitButton>
      </form>
    </>
  );
}

/** A new set of recovery codes, after the password; the new codes replace the form. */
export function RenewCodesForm({ miId }: { miId: string }) {
  const m = useTranslations("twoStep");
  const [state, formAction] = useActionState(renewRecoveryCodesAction, {} as TwoStepState);
  const kept = useKeptForm(formAction);
  if (state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} miId={miId} />;
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="renew-codes-title">
      <h2 id="renew-codes-title">{m("renewTitle")}</h2>
      <p className="muted">{m("renewIntro")}</p>
      <ErrorSummary state={state} fields={{ password: "renew-codes-password" }} />
      <PasswordField id="renew-codes-password" name="password" label={m("password")} autoComplete="current-password" errors={state.errors?.password} />
      <SubmitButton secondary busy={kept.pending}>{m("renew")}</SubmitButton>
    </form>
  );
}

/** Turning two-step off: the password and a code (the app's, or a recovery code). */
export function TurnOffForm() {
  const m = useTranslations("twoStep");
  const [state, formAction] = useActionState(turnOffTwoStepAction, {} as TwoStepState);
  const kept = useKeptForm(formAction);
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="turn-off-title">
      <h2 id="turn-off-title">{m("offTitle")}</h2>
      <p className="muted">{m("offIntro")}</p>
      <ErrorSummary state={state} fields={{ password: "turn-off-password", code: "turn-off-code" }} />
      <PasswordField id="turn-off-password" name="password" label={m("password")} autoComplete="current-password" errors={state.errors?.password} />
      <CodeField id="turn-off-code" label={m("eitherCode")} digitsOnly={false} maxLength={32} errors={state.errors?.code} />
      <SubmitButton secondary busy={kept.pending}>{m("turnOff")}</SubmitButton>
    </form>
  );
}
