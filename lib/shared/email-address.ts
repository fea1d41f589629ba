import { z } from "zod";
import { messages } from "@/lib/shared/messages";

export const EMAIL_MAX_LENGTH = 254;

/** Trims and lower-cases the domain; the local part keeps its case, as mail servers may honour it. */
export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed;
  return trimmed.slice(0, at) + "@" + trimmed.slice(at + 1).toLowerCase();
}

const e = messages.errors.email;

// CR, LF and NUL are refused outright (header injection), before the format check can say anything kinder.
export const emailSchema = z
  .string({ error: e.required })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, e.required)
      .max(EMAIL_MAX_LENGTH, e.tooLong)
      .refine((value) => !/[\r\n\0]/.test(value), e.invalid)
      .pipe(z.email(e.invalid)),
  );
