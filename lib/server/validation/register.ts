import "server-only";
import { z } from "zod";
import { isCountryCode } from "@/lib/shared/countries";
import { emailSchema } from "./email";
import { messages } from "@/lib/shared/messages";
import type { PasswordProblem } from "@/lib/shared/password-rules";
import { passwordProblems } from "./password";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { checkbox } from "@/lib/server/validation/form-data";

const e = messages.errors;

export const registerStep1Schema = z.object({
  country: z.string({ error: e.country }).refine(isCountryCode, e.country),
  email: emailSchema,
  privacy: z.unknown().optional().transform(checkbox).refine((accepted) => accepted, e.privacy),
  // An unticked checkbox is absent from the form, hence optional.
  offers: z.unknown().optional().transform(checkbox),
});

export type RegisterStep1 = z.infer<typeof registerStep1Schema>;

const passwordMessages: Record<PasswordProblem, string> = {
  length: e.password.length,
  characters: e.password.characters,
  kinds: e.password.kinds,
  containsEmail: e.password.containsEmail,
  common: e.password.common,
};

/** Step 2 knows the email from the draft, so the "not your email" rule can be checked. */
export function registerStep2Schema(email: string) {
  return z
    .object({
      ...newPasswordFields,
      captcha: z.string({ error: e.captcha.required }).trim().max(CAPTCHA_INPUT_MAX, e.captcha.wrong).optional(),
      // "alternative": the person chose the image's stand-in (lib/server/security/human-check.ts).
      captchaMode: z.literal("alternative").optional().catch(undefined),
      pow: z.string().max(12).optional().catch(undefined),
    })
    .superRefine((value, ctx) => {
      if (!value.captcha && value.captchaMode !== "alternative") {
        ctx.addIssue({ code: "custom", path: ["captcha"], message: e.captcha.required });
      }
      checkNewPassword(value, email, ctx);
    });
}

/** A new password typed twice (sign-up, reset, change): the shared rule plus the common list, and a match. */
export const newPasswordFields = {
  password: z.string({ error: e.password.required }).min(1, e.password.required),
  confirmPassword: z.string({ error: e.password.mismatch }),
};

export function checkNewPassword(value: { password: string; confirmPassword: string }, email: string, ctx: z.RefinementCtx): void {
  if (!value.password) return;
  for (const problem of passwordProblems(value.password, email)) {
    ctx.addIssue({ code: "custom", path: ["password"], message: passwordMessages[problem] });
  }
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: e.password.mismatch });
  }
}
