import { TextField } from "@/components/ui/text-field";

/** The code from the text message: the phone's keypad, its autofill from the SMS, and room for pasted spaces. */
export function CodeField({ id, label, hint, errors }: { id: string; label: string; hint: string; errors?: readonly string[] }) {
  return (
    <TextField
      id={id}
      name="code"
      label={label}
      hint={hint}
      autoComplete="one-time-code"
      inputMode="numeric"
      autoCapitalize="off"
      spellCheck={false}
      required
      maxLength={16}
      errors={errors}
    />
  );
}
