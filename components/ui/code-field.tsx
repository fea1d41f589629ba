import { TextField } from "./text-field";

/**
 * A one-time code's field (a text message's, an email's, an authenticator app's, or a recovery code): autofill from
 * the phone's SMS (one-time-code), its digit keypad unless letters may be typed (recovery codes), left to right in
 * every language, and room for a pasted "123 456" (the server drops spaces and dashes).
 */
export function CodeField({
  id,
  label,
  hint,
  errors,
  digitsOnly = true,
  maxLength = 16,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: readonly string[];
  /** False where a recovery code (letters) may be typed in the same field. */
  digitsOnly?: boolean;
  maxLength?: number;
}) {
  return (
    <TextField
      id={id}
      name="code"
      label={label}
      hint={hint}
      autoComplete="one-time-code"
      inputMode={digitsOnly ? "numeric" : undefined}
      dir="ltr"
      autoCapitalize="off"
      spellCheck={false}
      required
      maxLength={maxLength}
      errors={errors}
    />
  );
}
