"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { messages } from "@/lib/messages";
import { resendFromWizardAction, type ResendState } from "../actions";

const m = messages.checkEmail;

/** Resend with a visible countdown; the server enforces the same cooldown, so the countdown is only a courtesy. */
export function ResendForm({ initialWaitSeconds }: { initialWaitSeconds: number }) {
  const [state, formAction, pending] = useActionState(resendFromWizardAction, {} as ResendState);
  const [remaining, setRemaining] = useState(initialWaitSeconds);
  const deadline = useRef(0);

  useEffect(() => {
    deadline.current = Date.now() + (state.waitSeconds ?? initialWaitSeconds) * 1000;
  }, [state, initialWaitSeconds]);

  useEffect(() => {
    const tick = () => setRemaining(Math.max(0, Math.ceil((deadline.current - Date.now()) / 1000)));
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, []);

  return (
    <form action={formAction} className="form">
      <FormAlert message={state.message} tone={state.tone ?? "info"} />
      <button type="submit" className="button button--secondary" disabled={pending || remaining > 0}>
        {remaining > 0 ? m.resendIn(remaining) : m.resend}
      </button>
    </form>
  );
}
