"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { FormState } from "@/lib/shared/form-state";

/** What a resend action answers: a message, and the wait the countdown starts from. */
export type ResendState = FormState & { waitSeconds?: number };

/** The pages with a resend button, each with its own words (resend, resendIn, resendAfter, resendReady). */
type Words = "checkEmail" | "checkPhone" | "textCode";

/**
 * "Resend" with a visible countdown: the activation email (check-email), the registration code (check-phone), the
 * sign-in and recovery codes (textCode). The server enforces the same cooldown, so the countdown is only a courtesy.
 */
export function ResendForm({ action, initialWaitSeconds, words }: { action: (previous: ResendState, data: FormData) => Promise<ResendState>; initialWaitSeconds: number; words: Words }) {
  const m = useTranslations(words);
  const [state, formAction, pending] = useActionState(action, {} as ResendState);
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
  const countedDown = hydrated && startWait > 0 && remaining === 0;
  // "Please wait N seconds" answered an early press; once the countdown has run out it is no longer true.
  const message = countedDown && state.tone === "info" ? undefined : state.message;
  return (
    <form action={formAction} className="form">
      <FormAlert message={message} tone={state.tone ?? "info"} />
      {hydrated ? (
        // The countdown changes every second on the button; a screen reader hears it when it starts and when it
        // ends, never "in 60 seconds" after the wait is over.
        <p className="sr-only" aria-live="polite">{startWait > 0 ? (remaining > 0 ? m("resendAfter", { seconds: startWait }) : m("resendReady")) : ""}</p>
      ) : startWait > 0 ? (
        // Without JavaScript nothing counts down: the text says when the button will work (the server refuses
        // an early press politely).
        <p className="muted">{m("resendAfter", { seconds: startWait })}</p>
      ) : null}
      {/* Without JavaScript nothing would re-enable it, so it is disabled only once the countdown can run. */}
      <button type="submit" className="button button--secondary" disabled={hydrated && (pending || remaining > 0)}>
        {hydrated && remaining > 0 ? m("resendIn", { seconds: remaining }) : m("resend")}
      </button>
    </form>
  );
}
