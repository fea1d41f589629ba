"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { messages } from "@/lib/messages";
import { activateAccountAction, type ActivateState } from "../actions";
import { ActivationDone, ActivationProblem } from "./activation-outcome";

const m = messages.activate;

/** Only this POST uses the token: opening the link (as mail scanners do) changes nothing. */
export function ActivateForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(activateAccountAction, {} as ActivateState);
  if (state.result?.ok) return <ActivationDone miId={state.result.miId} email={state.result.email} />;
  if (state.result) return <ActivationProblem reason={state.result.reason} />;
  return (
    <form action={formAction} className="form">
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <input type="hidden" name="token" value={token} />
      <SubmitButton>{m.button}</SubmitButton>
    </form>
  );
}
