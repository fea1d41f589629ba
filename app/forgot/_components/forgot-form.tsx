"use client";

import { useActionState } from "react";
import { emptyState } from "@/app/_lib/form-state";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { passwordReset as m } from "@/lib/shared/messages/password-reset";
import { requestPasswordResetAction } from "../actions";

export function ForgotForm() {
  const [state, formAction] = useActionState(requestPasswordResetAction, emptyState);
  const value = state.values?.identifier ?? "";
  return (
    <form action={formAction} className="form" noValidate>
      <FormAlert message={state.message} tone={state.tone} />
      <TextField
        id="forgot-identifier"
        name="identifier"
        label={m.identifier}
        autoComplete="username"
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={value}
        key={value}
        errors={state.errors?.identifier}
      />
      <SubmitButton>{m.requestSubmit}</SubmitButton>
    </form>
  );
}
