import type { InputHTMLAttributes } from "react";
import { FieldErrors, describedBy } from "./field-errors";

type Props = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  errors?: readonly string[];
  hint?: string;
};

export function TextField({ id, label, errors, hint, ...input }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, hint && `${id}-hint`)}
        {...input}
      />
      {hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
