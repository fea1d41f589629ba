"use client";

import { useActionState } from "react";
import { emptyState, type FormState } from "@/lib/shared/form-state";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { ErrorSummary } from "./error-summary";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";

type Props = {
  action: (previous: FormState, data: FormData) => Promise<FormState>;
  field: { id: string; name: string; label: string; type?: "email" | "text"; autoComplete: string; initial?: string };
  submit: string;
};

/** A form of one email-like field (resend activation, forgot password): what was typed comes back with the answer. */
export function OneFieldForm({ action, field, submit }: Props) {
  const [state, formAction] = useActionState(action, emptyState);
  const value = state.values?.[field.name] ?? field.initial ?? "";
  return (
    <form action={formAction} className="form" noValidate>
      <ErrorSummary state={state} fields={{ [field.name]: field.id }} />
      <TextField
        id={field.id}
        name={field.name}
        type={field.type ?? "text"}
        label={field.label}
        autoComplete={field.autoComplete}
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={value}
        key={value}
        errors={state.errors?.[field.name]}
      />
      <SubmitButton>{submit}</SubmitButton>
    </form>
  );
}
