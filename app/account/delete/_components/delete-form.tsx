"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { emptyState } from "@/lib/shared/form-state";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteAccountAction } from "../../actions";
import styles from "../../_components/account.module.css";

/** The password, then the red button; or back to the account page, keeping everything. */
export function DeleteForm() {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(deleteAccountAction, emptyState);
  return (
    <form action={formAction} className="form" noValidate aria-labelledby="delete-confirm-title">
      <ErrorSummary state={state} fields={{ password: "account-delete-password" }} />
      <PasswordField id="account-delete-password" name="password" label={m("deletePassword")} autoComplete="current-password" errors={state.errors?.password} />
      <div className={styles.danger}>
        <SubmitButton>{m("deleteConfirmSubmit")}</SubmitButton>
      </div>
      <Link href="/account" className="button button--secondary">{m("deleteKeep")}</Link>
    </form>
  );
}
