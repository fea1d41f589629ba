import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH, normalizeEmail } from "@/lib/shared/email-address";
import { messages } from "@/lib/shared/messages";

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
