"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { emptyState } from "@/lib/shared/form-state";
import { removeEmailAction, removePhoneAction } from "../actions";

/** The current password and the button; or back to the account page, keeping it. */
export function RemoveForm({ identifier, submit }: { identifier: "email" | "phone"; submit: string }) {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(identifier === "email" ? removeEmailAction : removePhoneAction, emptyState);
  return (
    <form action={formAction} className="form" noValidate aria-labelledby="remove-identifier-title">
      <ErrorSummary state={state} fields={{ currentPassword: "remove-identifier-password" }} />
      <PasswordField id="remove-identifier-password" name="currentPassword" label={m("currentPassword")} autoComplete="current-password" errors={state.errors?.currentPassword} />
      <SubmitButton>{submit}</SubmitButton>
      <Link href="/account#profile" className="button button--secondary">{m("keep")}</Link>
    </form>
  );
}
