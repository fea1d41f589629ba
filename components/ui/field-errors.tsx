/**
 * Errors for one field, referenced by the input's aria-describedby through `${id}-error`. Not a live region: the
 * form's error summary is what is announced after a refused submit; these are read with the field.
 */
export function FieldErrors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={`${id}-error`}>
      {errors.map((error) => (
        <p key={error} className="field__error">{error}</p>
      ))}
    </div>
  );
}

export function describedBy(id: string, errors?: readonly string[], ...others: (string | false | undefined)[]): string | undefined {
  const ids = [...others, errors?.length ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}
