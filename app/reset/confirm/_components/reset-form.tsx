"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/shared/password-rules";
import { passwordReset as m } from "@/lib/shared/messages/password-reset";
import { register } from "@/lib/shared/messages/register";
import { resetPasswordAction, type ResetState } from "../actions";

type LinkState = "ready" | "invalid" | "expired";

/** The new password, twice; after the press, the outcome (or why the link no longer works). */
export function ResetForm({ linkState }: { linkState: LinkState }) {
  const [state, formAction] = useActionState(resetPasswordAction, {} as ResetState);
  const kept = useKeptForm(formAction);
  const result = state.result;
  if (result?.ok) {
    return (
      <>
        <h1>{m.doneTitle}</h1>
        <p>{m.doneBody}</p>
        {result.activatedMiId ? <p>{m.activatedBody} <span className="mi-id" data-testid="mi-account-id">{result.activatedMiId}</span></p> : null}
        <Link href="/login" className="button">{m.signIn}</Link>
      </>
    );
  }
  const problem = result ? result.reason : linkState === "ready" ? null : linkState;
  if (problem) {
    return (
      <>
        <h1>{problem === "expired" ? m.expiredTitle : m.invalidTitle}</h1>
        <p>{problem === "expired" ? m.expiredBody : m.invalidBody}</p>
        <Link href="/forgot" className="button">{m.askAgain}</Link>
      </>
    );
  }
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      <h1>{m.chooseTitle}</h1>
      <p>{m.chooseIntro}</p>
      <FormAlert message={state.message} />
      <PasswordField
        id="reset-password"
        name="password"
        label={m.password}
        hint={register.passwordHint}
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors.password}
      />
      <PasswordField id="reset-confirm-password" name="confirmPassword" label={m.confirmPassword} autoComplete="new-password" errors={errors.confirmPassword} />
      <SubmitButton busy={kept.pending}>{m.submit}</SubmitButton>
    </form>
  );
}
