import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH, normalizeEmail } from "@/lib/shared/email-address";
import { ERROR } from "./codes";

// CR, LF and NUL are refused outright (header injection), before the format check can say anything kinder.
export const emailSchema = z
  .string({ error: ERROR.emailRequired })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, ERROR.emailRequired)
      .max(EMAIL_MAX_LENGTH, ERROR.emailTooLong)
      .refine((value) => !/[\r\n\0]/.test(value), ERROR.emailInvalid)
      .pipe(z.email(ERROR.emailInvalid)),
  );
