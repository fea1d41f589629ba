import "server-only";
import { z } from "zod";
import { isCountryCode } from "@/lib/shared/countries";
import { emailSchema } from "./email";
import { ERROR } from "./codes";
import type { PasswordProblem } from "@/lib/shared/password-rules";
import { passwordProblems } from "./password";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { checkbox } from "@/lib/server/validation/form-data";
import { codeInput, mobileNumberFrom, phoneInput } from "./phone";

const step1Common = {
  country: z.string({ error: ERROR.country }).refine(isCountryCode, ERROR.country),
  privacy: z.unknown().optional().transform(checkbox).refine((accepted) => accepted, ERROR.privacy),
  // An unticked checkbox is absent from the form, hence optional.
  offers: z.unknown().optional().transform(checkbox),
};

export const registerStep1Schema = z.object({ ...step1Common, email: emailSchema });

export type RegisterStep1 = z.infer<typeof registerStep1Schema>;

/** What step 1 registers by: the radio group's choice; email unless the form says phone (email is the default). */
export type RegisterMethod = "email" | "phone";
export function registerMethod(fields: Record<string, string>): RegisterMethod {
  return fields.method === "phone" ? "phone" : "email";
}

/**
 * Step 1 by mobile number: the number is read in the country/region chosen in the same form (`country`, the raw
 * field), so "138 1234 5678" with China chosen is +8613812345678; `phone` comes out as E.164. A landline, a
 * premium-rate or an impossible number gets its own message (validation/phone.ts).
 */
export function registerPhoneStep1Schema(country: string | undefined) {
  return z.object({
    ...step1Common,
    phone: phoneInput.transform((phone, ctx) => mobileNumberFrom({ phone, country }, ctx).e164),
  });
}

/** The code page's one field: six digits, spaces and dashes of a pasted code dropped. */
export const registrationCodeSchema = z.object({ code: codeInput });

const passwordMessages: Record<PasswordProblem, string> = {
  length: ERROR.passwordLength,
  characters: ERROR.passwordCharacters,
  kinds: ERROR.passwordKinds,
  containsEmail: ERROR.passwordContainsEmail,
  common: ERROR.passwordCommon,
};

/** Step 2 knows the email from the draft, so the "not your email" rule can be checked. */
export function registerStep2Schema(email: string | null) {
  return z
    .object({
      ...newPasswordFields,
      captcha: z.string({ error: ERROR.captchaRequired }).trim().max(CAPTCHA_INPUT_MAX, ERROR.captchaWrong).optional(),
      // "alternative": the person chose the image's stand-in (lib/server/security/human-check.ts).
      captchaMode: z.literal("alternative").optional().catch(undefined),
      pow: z.string().max(12).optional().catch(undefined),
    })
    .superRefine((value, ctx) => {
      if (!value.captcha && value.captchaMode !== "alternative") {
        ctx.addIssue({ code: "custom", path: ["captcha"], message: ERROR.captchaRequired });
      }
      checkNewPassword(value, email, ctx);
    });
}

/** A new password typed twice (registration, reset, change): the shared rule plus the common list, and a match. */
export const newPasswordFields = {
  password: z.string({ error: ERROR.passwordRequired }).min(1, ERROR.passwordRequired),
  confirmPassword: z.string({ error: ERROR.passwordMismatch }),
};

export function checkNewPassword(value: { password: string; confirmPassword: string }, email: string | null, ctx: z.RefinementCtx): void {
  if (!value.password) return;
  for (const problem of passwordProblems(value.password, email ?? "")) {
    ctx.addIssue({ code: "custom", path: ["password"], message: passwordMessages[problem] });
  }
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: ERROR.passwordMismatch });
  }
}
