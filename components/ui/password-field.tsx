"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";
import { passwordField } from "@/lib/shared/messages/fields";
import { FieldErrors, describedBy } from "./field-errors";

type Props = {
  id: string;
  name: string;
  label: string;
  errors?: readonly string[];
  hint?: string;
  autoComplete: "new-password" | "current-password";
  minLength?: number;
};

/**
 * A password input with a Show/Hide toggle; without JavaScript the toggle is not rendered. It never has a
 * maxlength: a browser would cut a pasted password silently, and the person could then not sign in with it.
 * Too long is the server's to refuse, with the rule's message.
 */
export function PasswordField({ id, name, label, errors, hint, autoComplete, minLength }: Props) {
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-row">
        <input
          id={id}
          name={name}
          className="input"
          type={visible ? "text" : "password"}
          autoComplete={autoComplete}
          required
          minLength={minLength}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, errors, Boolean(hint))}
        />
        {hydrated ? (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-controls={id}
            aria-pressed={visible}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? passwordField.hide : passwordField.show}
          </button>
        ) : null}
      </div>
      {hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
