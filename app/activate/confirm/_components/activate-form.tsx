"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActivationState } from "@/lib/server/accounts/activation";
import { activate as m } from "@/lib/shared/messages/activate";
import { activateAccountAction, type ActivateState } from "../actions";
import { ActivationDone, ActivationProblem } from "./activation-outcome";


/**
 * Only this POST uses the token: opening the link (as mail scanners do) changes nothing. After the press the
 * action's result is shown, whatever the link's state has become since the page was rendered.
 */
export function ActivateForm({ linkState }: { linkState: ActivationState }) {
  const [state, formAction] = useActionState(activateAccountAction, {} as ActivateState);
  if (state.result?.ok) return <ActivationDone miId={state.result.miId} email={state.result.email} />;
  if (state.result) return <ActivationProblem reason={state.result.reason} />;
  if (linkState !== "ready") return <ActivationProblem reason={linkState} />;
  return (
    <form action={formAction} className="form">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <SubmitButton>{m.button}</SubmitButton>
    </form>
  );
}
