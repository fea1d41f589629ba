"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { SubmitButton } from "@/components/ui/submit-button";
import { CodeField } from "@/components/ui/code-field";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { secondStepAction, type SecondStepState } from "../actions";

/**
 * The code from the authenticator app, or a recovery code, in one field; or, for the new-device check, the code
 * sent to the account (the browser is remembered after it, with no box to tick). Works without JavaScript.
 */
export function SecondStepForm({ returnTo, check }: { returnTo?: string; check: "two-step" | "new-device" }) {
  const m = useTranslations("twoStep");
  const [state, formAction] = useActionState(secondStepAction, {} as SecondStepState);
  const kept = useKeptForm(formAction);
  if (state.expired) {
    return (
      <>
        <p className="alert alert--error" role="alert">{state.message}</p>
        <p><Link className="button" href={returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login"}>{m("signInAgain")}</Link></p>
      </>
    );
  }
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
      <ErrorSummary state={state} fields={{ code: "second-step-code" }} />
      <CodeField
        id="second-step-code"
        label={check === "new-device" ? m("newDeviceCode") : m("eitherCode")}
        hint={check === "new-device" ? undefined : m("lostPhone")}
        digitsOnly={check === "new-device"}
        maxLength={32}
        errors={state.errors?.code}
      />
      {check === "two-step" ? (
        <div className="field">
          <label className="check">
            <input type="checkbox" name="trust" id="second-step-trust" aria-describedby="second-step-trust-hint" />
            <span>{m("trust")}</span>
          </label>
          <p id="second-step-trust-hint" className="field__hint">{m("trustHint")}</p>
        </div>
      ) : null}
      <SubmitButton busy={kept.pending}>{m("verify")}</SubmitButton>
    </form>
  );
}
