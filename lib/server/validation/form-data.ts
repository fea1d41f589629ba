import "server-only";
import type { z } from "zod";

export type FieldErrors<K extends string = string> = Partial<Record<K, string[]>>;

/** A FormData as a plain object of its string fields; files and repeated names are ignored. */
export function formFields(formData: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  // A hand-made action call may pass anything; it then reads as an empty form and fails validation.
  if (!(formData instanceof FormData)) return fields;
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !(key in fields)) fields[key] = value;
  }
  return fields;
}

/** zod issues grouped by the first path element, the shape the forms show beside each field. */
export function fieldErrors<K extends string>(error: z.ZodError): FieldErrors<K> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    const list = (errors[key] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  return errors as FieldErrors<K>;
}

// An unticked checkbox is simply absent from the form.
export const checkbox = (value: unknown) => value === "on" || value === "true" || value === true;
