"use client";

import { useTranslations } from "next-intl";
import { useActionState, useMemo } from "react";
import { ErrorSummary } from "@/components/ui/error-summary";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActivationState } from "@/lib/shared/activation-state";
import { activateAccountAction, type ActivateState } from "../actions";
import { ActivationDone, ActivationProblem } from "./activation-outcome";

/**
 * Only this POST uses the token: opening the link (as mail scanners do) changes nothing. After the press the
 * action's result is shown, whatever the link's state has become since the page was rendered. In a browser
 * other than the one that registered, the press needs the password chosen at registration.
 */
export function ActivateForm({ linkState, signInHref }: { linkState: ActivationState; signInHref: string }) {
  const m = useTranslations("activate");
  const [state, formAction] = useActionState(activateAccountAction, {} as ActivateState);
  const result = state.result;
  const wrong = result?.ok === false && result.reason === "wrong-password";
  // One object per answer, so the summary takes focus once per refused press.
  const refusal = useMemo(
    () => (wrong ? { message: m("wrongPasswordTitle"), errors: { password: [m("wrongPasswordBody")] } } : state.message ? { message: state.message } : {}),
    [state], // eslint-disable-line react-hooks/exhaustive-deps
  );
  if (result?.ok) return <ActivationDone miId={result.miId} email={result.email} signInHref={signInHref} />;
  const asksPassword = result ? ["needs-password", "wrong-password", "limited"].includes(result.reason) : linkState === "needs-password";
  if (result && !asksPassword) return <ActivationProblem reason={result.reason as Exclude<ActivationState, "ready" | "needs-password">} signInHref={signInHref} />;
  if (!result && linkState !== "ready" && linkState !== "needs-password") return <ActivationProblem reason={linkState} signInHref={signInHref} />;
  return (
    <form action={formAction} className="form">
      <h1>{m("title")}</h1>
      <ErrorSummary state={refusal} fields={{ password: "activate-password" }} />
      <p>{asksPassword ? m("passwordIntro") : m("intro")}</p>
      {asksPassword ? (
        <PasswordField
          id="activate-password"
          name="password"
          label={m("password")}
          autoComplete="current-password"
          errors={refusal.errors?.password}
        />
      ) : null}
      <SubmitButton>{m("button")}</SubmitButton>
    </form>
  );
}
