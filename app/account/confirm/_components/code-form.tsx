"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { CodeField } from "@/components/ui/code-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { emptyState } from "@/lib/shared/form-state";
import { confirmBindingAction, resendBindingEmailAction } from "../actions";

/**
 * The 6-digit code: one-time-code autocomplete, so a phone offers the code from its text message; digits only on a
 * phone keyboard; no maxlength, so a pasted "123 456" is not cut (the server drops spaces and dashes).
 */
export function CodeForm() {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(confirmBindingAction, emptyState);
  const kept = useKeptForm(formAction);
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate aria-labelledby="confirm-binding-title">
      <ErrorSummary state={state} fields={{ code: "binding-code" }} />
      <CodeField id="binding-code" label={m("codeLabel")} errors={state.errors?.code} />
      <SubmitButton busy={kept.pending}>{m("codeSubmit")}</SubmitButton>
    </form>
  );
}

/** Another email code to the same address; the server keeps the minute between two, and says how long is left. */
export function ResendEmailForm({ initialWaitSeconds }: { initialWaitSeconds: number }) {
  const m = useTranslations("accountSettings");
  const [state, formAction] = useActionState(resendBindingEmailAction, emptyState);
  return (
    <form action={formAction} className="form">
      <FormAlert message={state.message} tone={state.tone ?? "error"} />
      {!state.message && initialWaitSeconds > 0 ? <p className="muted">{m("newCodeWait", { seconds: initialWaitSeconds })}</p> : null}
      <SubmitButton secondary>{m("newCode")}</SubmitButton>
    </form>
  );
}
