import "server-only";
import { z } from "zod";
import { isCountryCode } from "@/lib/shared/countries";
import { emailSchema } from "./email";
import { ERROR } from "./codes";
import type { PasswordProblem } from "@/lib/shared/password-rules";
import { passwordProblems } from "./password";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { checkbox } from "@/lib/server/validation/form-data";

export const registerStep1Schema = z.object({
  country: z.string({ error: ERROR.country }).refine(isCountryCode, ERROR.country),
  email: emailSchema,
  privacy: z.unknown().optional().transform(checkbox).refine((accepted) => accepted, ERROR.privacy),
  // An unticked checkbox is absent from the form, hence optional.
  offers: z.unknown().optional().transform(checkbox),
});

export type RegisterStep1 = z.infer<typeof registerStep1Schema>;

const passwordMessages: Record<PasswordProblem, string> = {
  length: ERROR.passwordLength,
  characters: ERROR.passwordCharacters,
  kinds: ERROR.passwordKinds,
  containsEmail: ERROR.passwordContainsEmail,
  common: ERROR.passwordCommon,
};

/** Step 2 knows the email from the draft, so the "not your email" rule can be checked. */
export function registerStep2Schema(email: string) {
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
