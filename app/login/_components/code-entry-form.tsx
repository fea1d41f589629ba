"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { FormState } from "@/lib/shared/form-state";
import { CodeField } from "@/components/ui/code-field";

type Props = {
  action: (previous: FormState, data: FormData) => Promise<FormState>;
  /** The field's id (forms of different pages stay apart in tests and the error summary). */
  id: string;
  submit: string;
  /** A same-site path to go to once the code is right (sign-in asked from another page). */
  returnTo?: string;
};

/** The code from the text message; works without JavaScript (a plain POST), errors read with the field. */
export function CodeEntryForm({ action, id, submit, returnTo }: Props) {
  const m = useTranslations("textCode");
  const [state, formAction] = useActionState(action, {} as FormState);
  const kept = useKeptForm(formAction);
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
      <ErrorSummary state={state} fields={{ code: id }} />
      <CodeField id={id} label={m("code")} hint={m("codeHint")} errors={state.errors?.code} />
      <SubmitButton busy={kept.pending}>{submit}</SubmitButton>
    </form>
  );
}
