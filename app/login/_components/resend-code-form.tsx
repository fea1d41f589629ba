"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { FormState } from "@/lib/shared/form-state";

export type ResendCodeState = FormState & { waitSeconds?: number };

type Props = { action: (previous: ResendCodeState, data: FormData) => Promise<ResendCodeState>; initialWaitSeconds: number };

/**
 * "Resend code" with a visible countdown (the 60 s per-number cooldown); the server enforces the same cooldown, so
 * the countdown is only a courtesy. As the activation email's resend (app/register/_components/resend-form.tsx).
 */
export function ResendCodeForm({ action, initialWaitSeconds }: Props) {
  const m = useTranslations("textCode");
  const [state, formAction, pending] = useActionState(action, {} as ResendCodeState);
  const [remaining, setRemaining] = useState(initialWaitSeconds);
  const deadline = useRef(0);
  const hydrated = useHydrated();

  useEffect(() => {
    deadline.current = Date.now() + (state.waitSeconds ?? initialWaitSeconds) * 1000;
  }, [state, initialWaitSeconds]);

  useEffect(() => {
    const tick = () => setRemaining(Math.max(0, Math.ceil((deadline.current - Date.now()) / 1000)));
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, []);

  const startWait = state.waitSeconds ?? initialWaitSeconds;
  return (
    <form action={formAction} className="form">
      <FormAlert message={state.message} tone={state.tone ?? "info"} />
      {hydrated ? (
        // Heard when the countdown starts and when it ends, never every second.
        <p className="sr-only" aria-live="polite">{startWait > 0 ? (remaining > 0 ? m("resendAfter", { seconds: startWait }) : m("resendReady")) : ""}</p>
      ) : startWait > 0 ? (
        // Without JavaScript nothing counts down: the text says when the button will work.
        <p className="muted">{m("resendAfter", { seconds: startWait })}</p>
      ) : null}
      {/* Without JavaScript nothing would re-enable it, so it is disabled only once the countdown can run. */}
      <button type="submit" className="button button--secondary" disabled={hydrated && (pending || remaining > 0)}>
        {hydrated && remaining > 0 ? m("resendIn", { seconds: remaining }) : m("resend")}
      </button>
    </form>
  );
}
