/** The form-level message, announced to screen readers when it changes. */
export function FormAlert({ message, tone = "error", id }: { message?: string; tone?: "error" | "info" | "ok"; id?: string }) {
  return (
    <div aria-live="polite" id={id}>
      {message ? <p className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>{message}</p> : null}
    </div>
  );
}
