"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { emptyState } from "@/lib/shared/form-state";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteAccountAction } from "../actions";

export function DeleteForm() {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(deleteAccountAction, emptyState);
  return (
    <form action={formAction} className="form" noValidate aria-labelledby="delete-title">
      <h2 id="delete-title">{m("deleteTitle")}</h2>
      <p className="muted">{m("deleteBody")}</p>
      <ErrorSummary state={state} fields={{ password: "account-delete-password" }} />
      <PasswordField id="account-delete-password" name="password" label={m("deletePassword")} autoComplete="current-password" errors={state.errors?.password} />
      <SubmitButton secondary>{m("deleteSubmit")}</SubmitButton>
    </form>
  );
}
