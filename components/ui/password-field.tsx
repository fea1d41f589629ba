"use client";

import { useState, type ReactNode } from "react";
import { useHydrated } from "./use-hydrated";
import { useTranslations } from "next-intl";
import { FieldErrors, describedBy } from "./field-errors";

type Props = {
  id: string;
  name: string;
  label: string;
  errors?: readonly string[];
  /** Text or a list under the field, read with it (aria-describedby `${id}-hint`). */
  hint?: ReactNode;
  autoComplete: "new-password" | "current-password";
  minLength?: number;
  onValueChange?: (value: string) => void;
};

/**
 * A password input with an eye button that shows what was typed; without JavaScript the button is not rendered.
 * The button's name stays "Show password" and aria-pressed says whether it is shown, as screen readers expect of
 * a toggle. It never has a maxlength: a browser would cut a pasted password silently, and the person could then
 * not sign in with it. Too long is the server's to refuse, with the rule's message.
 */
export function PasswordField({ id, name, label, errors, hint, autoComplete, minLength, onValueChange }: Props) {
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  const t = useTranslations("fields.password");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="password-input">
        <input
          id={id}
          name={name}
          className="input"
          type={visible ? "text" : "password"}
          autoComplete={autoComplete}
          required
          minLength={minLength}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, errors, hint ? `${id}-hint` : undefined)}
          onInput={onValueChange ? (event) => onValueChange(event.currentTarget.value) : undefined}
        />
        {hydrated ? (
          <button
            type="button"
            className="password-input__toggle"
            aria-label={t("show")}
            aria-controls={id}
            aria-pressed={visible}
            onClick={() => setVisible((v) => !v)}
          >
            <EyeIcon crossed={visible} />
          </button>
        ) : null}
      </div>
      {hint ? <div id={`${id}-hint`} className="field__hint">{hint}</div> : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/** An open eye while hidden (press to show), a crossed eye while shown (press to hide). */
function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
      {crossed ? <path d="M4 4l16 16" /> : null}
    </svg>
  );
}
