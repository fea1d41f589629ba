"use client";

import { useActionState } from "react";
import { emptyState } from "@/lib/shared/form-state";
import { FormAlert } from "@/components/ui/form-alert";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { accountSettings as m } from "@/lib/shared/messages/account-settings";
import { register } from "@/lib/shared/messages/register";
import { changePasswordAction } from "../actions";

export function PasswordForm() {
  const [state, formAction] = useActionState(changePasswordAction, emptyState);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="password-title">
      <h2 id="password-title">{m.passwordTitle}</h2>
      <FormAlert message={state.message} tone={state.tone} />
      <PasswordField id="account-current-password" name="currentPassword" label={m.currentPassword} autoComplete="current-password" errors={errors.currentPassword} />
      <PasswordField id="account-new-password" name="password" label={m.newPassword} hint={register.passwordHint} autoComplete="new-password" errors={errors.password} />
      <PasswordField id="account-confirm-password" name="confirmPassword" label={m.confirmPassword} autoComplete="new-password" errors={errors.confirmPassword} />
      <SubmitButton secondary busy={kept.pending}>{m.passwordSave}</SubmitButton>
    </form>
  );
}
