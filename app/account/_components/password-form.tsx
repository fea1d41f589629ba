"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { emptyState } from "@/lib/shared/form-state";
import { ErrorSummary } from "@/components/ui/error-summary";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { changePasswordAction } from "../actions";

export function PasswordForm({ email }: { email: string }) {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(changePasswordAction, emptyState);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="password-title">
      <ErrorSummary state={state} fields={{ currentPassword: "account-current-password", password: "account-new-password", confirmPassword: "account-confirm-password" }} />
      <PasswordField id="account-current-password" name="currentPassword" label={m("currentPassword")} autoComplete="current-password" errors={errors.currentPassword} />
      <NewPasswordFields
        ids={{ password: "account-new-password", confirm: "account-confirm-password" }}
        labels={{ password: m("newPassword"), confirm: m("confirmPassword") }}
        email={email}
        errors={errors}
      />
      <SubmitButton secondary busy={kept.pending}>{m("passwordSave")}</SubmitButton>
    </form>
  );
}
