"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";
import { PROOF_OF_WORK_WAIT_EVENT } from "./proof-of-work";

/**
 * A submit button that says it is busy while its form's action runs, and while a submit pressed early waits for
 * the background proof of work (without JavaScript it is a plain button).
 */
export function SubmitButton({
  children,
  secondary,
  disabled,
  busy,
  label,
}: {
  children: ReactNode;
  secondary?: boolean;
  disabled?: boolean;
  busy?: boolean;
  /** A fuller name than the text, when several alike buttons share a page ("Remove access for Mi Store"). */
  label?: string;
}) {
  // `busy` comes from forms submitted through useKeptForm, which useFormStatus does not see.
  const pending = useFormStatus().pending || Boolean(busy);
  const [checking, setChecking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const t = useTranslations("common");

  useEffect(() => {
    const form = button.current?.form;
    if (!form) return;
    const onWait = (event: Event) => setChecking(Boolean((event as CustomEvent<boolean>).detail));
    form.addEventListener(PROOF_OF_WORK_WAIT_EVENT, onWait);
    return () => form.removeEventListener(PROOF_OF_WORK_WAIT_EVENT, onWait);
  }, []);

  const waiting = pending || checking;
  return (
    <button ref={button} type="submit" className={secondary ? "button button--secondary" : "button"} disabled={waiting || disabled} aria-busy={waiting} aria-label={label}>
      {checking ? t("checkingBrowser") : pending ? t("pending") : children}
    </button>
  );
}
