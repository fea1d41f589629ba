// The state every form's server action returns for the page to show: per-field errors, a form-level message,
// and the non-secret values to put back in the fields.
export type FormState = {
  errors?: Record<string, string[] | undefined>;
  message?: string;
  tone?: "error" | "info" | "ok";
  values?: Record<string, string>;
};

export const emptyState: FormState = {};
