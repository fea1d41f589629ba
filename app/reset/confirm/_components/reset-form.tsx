"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { DocumentTitle } from "@/components/ui/document-title";
import { ErrorSummary } from "@/components/ui/error-summary";
import { MiId } from "@/components/ui/mi-id";
import { NewPasswordFields } from "@/components/ui/new-password-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { resetPasswordAction, type ResetState } from "../actions";

type LinkState = "ready" | "invalid" | "expired";

type Props = {
  linkState: LinkState;
  email?: string;
  /** How the person proved the account is theirs: the emailed link (default) or a code sent by text message. */
  via?: { action: (previous: ResetState, data: FormData) => Promise<ResetState> };
};

/** The new password, twice; after the press, the outcome (or why the link or code no longer works). */
export function ResetForm({ linkState, email, via }: Props) {
  const m = useTranslations("passwordReset");
  const text = useTranslations("textCode");
  const [state, formAction] = useActionState(via?.action ?? resetPasswordAction, {} as ResetState);
  const kept = useKeptForm(formAction);
  const result = state.result;
  if (result?.ok) {
    return (
      <>
        <DocumentTitle title={m("doneTitle")} />
        <h1>{m("doneTitle")}</h1>
        <p>{m("doneBody")}</p>
        {result.activatedMiId ? <p>{m("activatedBody")} <MiId miId={result.activatedMiId} testId="mi-account-id" /></p> : null}
        <Link href="/login" className="button">{m("signIn")}</Link>
      </>
    );
  }
  const problem = result ? result.reason : linkState === "ready" ? null : linkState;
  if (problem && via) {
    // The code's page has expired or was used: a new code is asked for from the start.
    return (
      <>
        <DocumentTitle title={m("requestTitle")} />
        <h1>{m("requestTitle")}</h1>
        <p>{text("requestExpired")}</p>
        <Link href="/forgot" className="button">{m("requestTitle")}</Link>
        <BackToSignIn />
      </>
    );
  }
  if (problem) {
    return (
      <>
        <DocumentTitle title={problem === "expired" ? m("expiredTitle") : m("invalidTitle")} />
        <h1>{problem === "expired" ? m("expiredTitle") : m("invalidTitle")}</h1>
        <p>{problem === "expired" ? m("expiredBody") : m("invalidBody")}</p>
        <Link href="/forgot" className="button">{m("askAgain")}</Link>
        <BackToSignIn />
      </>
    );
  }
  const errors = state.errors ?? {};
  return (
    <form action={formAction} onSubmit={kept.onSubmit} className="form" noValidate>
      <h1>{m("chooseTitle")}</h1>
      <p>{m("chooseIntro")}</p>
      <ErrorSummary state={state} fields={{ password: "reset-password", confirmPassword: "reset-confirm-password" }} />
      <NewPasswordFields
        ids={{ password: "reset-password", confirm: "reset-confirm-password" }}
        labels={{ password: m("password"), confirm: m("confirmPassword") }}
        email={email}
        errors={errors}
      />
      <SubmitButton busy={kept.pending}>{m("submit")}</SubmitButton>
      <BackToSignIn />
    </form>
  );
}

/** The way out for someone who remembered the password after all (the done state has its own Sign in button). */
function BackToSignIn() {
  const m = useTranslations("passwordReset");
  return (
    <p className="muted back-link">
      <Link href="/login">{m("backToSignIn")}</Link>
    </p>
  );
}
