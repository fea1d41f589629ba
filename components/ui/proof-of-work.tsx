"use client";

import { useEffect, useRef, useState } from "react";
import { solveProofOfWork, type ProofOfWorkChallenge } from "@/lib/shared/proof-of-work";

/** How the background work stands, for the stand-in's status line. */
export type ProofOfWorkStatus = "working" | "solved" | "failed";

/**
 * Told on the form while a submit pressed before the work is done waits for it (`detail`: true), and when it goes
 * (false), so the submit button can show that it is busy (components/ui/submit-button.tsx).
 */
export const PROOF_OF_WORK_WAIT_EVENT = "proof-of-work-wait";

type Props = {
  /** A new value asks for a new challenge (the last one is used up by every submit); key the component on it. */
  nonce: string;
  /** The image's stand-in: several times the work. */
  hard?: boolean;
  /** Says how the work stands, for the stand-in's status line. */
  onStatus?: (status: ProofOfWorkStatus) => void;
};

/**
 * Solves this browser's proof-of-work challenge in the background and puts the answer in the form. A submit
 * pressed before the work is done waits for it (the submit button says so), then goes on by itself. Without
 * JavaScript nothing is sent, and the server applies its tighter limit for the image alone
 * (lib/server/security/human-check.ts).
 */
export function ProofOfWork({ nonce, hard = false, onStatus }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [counter, setCounter] = useState("");
  const done = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    const stop = new AbortController();
    let finish = () => {};
    done.current = new Promise<void>((resolve) => (finish = resolve));
    onStatus?.("working");
    (async () => {
      try {
        const response = await fetch(`/captcha/challenge?hard=${hard ? 1 : 0}&n=${encodeURIComponent(nonce)}`, { signal: stop.signal, cache: "no-store" });
        const solved = response.ok ? await solveProofOfWork((await response.json()) as ProofOfWorkChallenge, stop.signal) : null;
        if (stop.signal.aborted) return;
        if (solved === null) {
          onStatus?.("failed");
          return;
        }
        setCounter(String(solved));
        onStatus?.("solved");
      } catch {
        // No answer: the form goes without one, as it would with JavaScript off.
        if (!stop.signal.aborted) onStatus?.("failed");
      } finally {
        finish();
      }
    })();
    return () => {
      stop.abort();
      finish();
    };
  }, [nonce, hard, onStatus]);

  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const hold = (event: SubmitEvent) => {
      if (input.current?.value || form.dataset.powWaited) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      form.dataset.powWaited = "1";
      form.dispatchEvent(new CustomEvent(PROOF_OF_WORK_WAIT_EVENT, { detail: true }));
      const submitter = event.submitter as HTMLElement | null;
      void done.current.then(() => {
        form.dispatchEvent(new CustomEvent(PROOF_OF_WORK_WAIT_EVENT, { detail: false }));
        // The state update that fills the input lands before the next frame; submit after it.
        requestAnimationFrame(() => {
          form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
          delete form.dataset.powWaited;
        });
      });
    };
    form.addEventListener("submit", hold, { capture: true });
    return () => form.removeEventListener("submit", hold, { capture: true });
  }, []);

  return <input ref={input} type="hidden" name="pow" value={counter} readOnly />;
}
