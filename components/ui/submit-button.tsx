"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { useTranslations } from "next-intl";

/** A submit button that says it is busy while its form's action runs (without JavaScript it is a plain button). */
export function SubmitButton({ children, secondary, disabled, busy }: { children: ReactNode; secondary?: boolean; disabled?: boolean; busy?: boolean }) {
  // `busy` comes from forms submitted through useKeptForm, which useFormStatus does not see.
  const pending = useFormStatus().pending || Boolean(busy);
  const t = useTranslations("common");
  return (
    <button type="submit" className={secondary ? "button button--secondary" : "button"} disabled={pending || disabled} aria-busy={pending}>
      {pending ? t("pending") : children}
    </button>
  );
}
