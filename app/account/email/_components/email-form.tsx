"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { emptyState } from "@/lib/shared/form-state";
import { bindEmailAction } from "../actions";

/** The address to add and the current password. */
export function EmailForm() {
  const m = useTranslations("accountSettings");
  const a = useTranslations("account");
  const [state, formAction] = useActionState(bindEmailAction, emptyState);
  const kept = useKeptForm(formAction);
  const errors = state.errors ?? {};
  const email = state.values?.email ?? "";
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="email-binding-title">
      <ErrorSummary state={state} fields={{ email: "bind-email", currentPassword: "bind-email-password" }} />
      <TextField
        id="bind-email"
        name="email"
        type="email"
        label={a("email")}
        autoComplete="email"
        inputMode="email"
        maxLength={EMAIL_MAX_LENGTH}
        required
        defaultValue={email}
        key={`email-${email}`}
        errors={errors.email}
      />
      <PasswordField id="bind-email-password" name="currentPassword" label={m("currentPassword")} autoComplete="current-password" errors={errors.currentPassword} />
      <SubmitButton busy={kept.pending}>{m("sendCode")}</SubmitButton>
      <Link href="/account#profile" className="button button--secondary">{m("cancel")}</Link>
    </form>
  );
}
