import type { InputHTMLAttributes } from "react";
import { FieldErrors, describedBy } from "./field-errors";
import styles from "./phone-field.module.css";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "inputMode" | "autoComplete"> & {
  id: string;
  label: string;
  /** "+86": the chosen country/region's calling code, computed on the server (lib/shared/phone-number.ts). */
  callingCode: string | null;
  errors?: readonly string[];
  hint?: string;
};

/**
 * A mobile number field: national or international input ("138 1234 5678" or "+86 138…"), with the calling code
 * of the chosen country/region shown before it and read with the field (aria-describedby). The rule that reads the
 * number stays on the server: its metadata is far too large for the browser.
 */
export function PhoneField({ id, label, callingCode, errors, hint, ...input }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={styles.row}>
        {callingCode ? (
          <span id={`${id}-calling-code`} className={styles.prefix}>
            <bdi dir="ltr" data-testid={`${id}-calling-code`}>{callingCode}</bdi>
          </span>
        ) : null}
        <input
          id={id}
          className="input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          dir="ltr"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, errors, callingCode ? `${id}-calling-code` : undefined, hint && `${id}-hint`)}
          {...input}
        />
      </div>
      {hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
