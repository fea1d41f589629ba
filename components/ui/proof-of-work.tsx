"use client";

import { useEffect, useRef, useState } from "react";
import { solveProofOfWork, type ProofOfWorkChallenge } from "@/lib/shared/proof-of-work";

type Props = {
  /** A new value asks for a new challenge (the last one is used up by every submit); key the component on it. */
  nonce: string;
  /** The image's stand-in: several times the work. */
  hard?: boolean;
  /** Says when the work is done, for the stand-in's status line. */
  onSolved?: (solved: boolean) => void;
};

/**
 * Solves this browser's proof-of-work challenge in the background and puts the answer in the form. A submit
 * pressed before the work is done waits for it, then goes on by itself. Without JavaScript nothing is sent,
 * and the server applies its tighter limit for the image alone (lib/server/security/human-check.ts).
 */
export function ProofOfWork({ nonce, hard = false, onSolved }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [counter, setCounter] = useState("");
  const done = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    const stop = new AbortController();
    let finish = () => {};
    done.current = new Promise<void>((resolve) => (finish = resolve));
    (async () => {
      try {
        const response = await fetch(`/captcha/challenge?hard=${hard ? 1 : 0}&n=${encodeURIComponent(nonce)}`, { signal: stop.signal, cache: "no-store" });
        if (!response.ok) return;
        const solved = await solveProofOfWork((await response.json()) as ProofOfWorkChallenge, stop.signal);
        if (solved !== null && !stop.signal.aborted) {
          setCounter(String(solved));
          onSolved?.(true);
        }
      } catch {
        // No answer: the form goes without one, as it would with JavaScript off.
      } finally {
        finish();
      }
    })();
    return () => {
      stop.abort();
      finish();
    };
  }, [nonce, hard, onSolved]);

  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const hold = (event: SubmitEvent) => {
      if (input.current?.value || form.dataset.powWaited) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      form.dataset.powWaited = "1";
      const submitter = event.submitter as HTMLElement | null;
      void done.current.then(() => {
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
