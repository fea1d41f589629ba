/** Errors for one field, referenced by the input's aria-describedby through `${id}-error`. */
export function FieldErrors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={`${id}-error`} aria-live="polite">
      {errors.map((error) => (
        <p key={error} className="field__error">{error}</p>
      ))}
    </div>
  );
}

export function describedBy(id: string, errors?: readonly string[], hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}
