"use client";

import { useActionState } from "react";
import { emptyState } from "@/app/_lib/form-state";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { resend } from "@/lib/shared/messages/resend";
import { register } from "@/lib/shared/messages/register";
import { resendActivationAction } from "../actions";

export function ResendActivationForm({ email }: { email: string }) {
  const [state, formAction] = useActionState(resendActivationAction, emptyState);
  const value = state.values?.email ?? email;
  return (
    <form action={formAction} className="form" noValidate>
      <FormAlert message={state.message} tone={state.tone} />
      <TextField
        id="resend-email"
        name="email"
        type="email"
        label={register.email}
        autoComplete="email"
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={value}
        key={value}
        errors={state.errors?.email}
      />
      <SubmitButton>{resend.submit}</SubmitButton>
    </form>
  );
}
