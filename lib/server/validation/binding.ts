import "server-only";
import { z } from "zod";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { emailSchema } from "./email";
import { ERROR } from "./codes";
import { codeInput, mobileNumberFrom, phoneInput } from "./phone";

// The account page's binding forms: a phone number or an email address to add, with the current password; the
// code sent to it; and the password alone to remove one.

const currentPassword = z.string({ error: ERROR.passwordRequired }).min(1, ERROR.passwordRequired);

/** A number in the chosen country/region (or typed with its calling code), the password, the captcha and work. */
export const bindPhoneSchema = z
  .object({
    country: z.string().max(8).optional().catch(undefined),
    phone: phoneInput,
    currentPassword,
    captcha: z.string({ error: ERROR.captchaRequired }).trim().max(CAPTCHA_INPUT_MAX, ERROR.captchaWrong).optional(),
    // "alternative": the person chose the image's stand-in (lib/server/security/human-check.ts).
    captchaMode: z.literal("alternative").optional().catch(undefined),
    pow: z.string().max(12).optional().catch(undefined),
  })
  .superRefine((value, ctx) => {
    if (!value.captcha && value.captchaMode !== "alternative") ctx.addIssue({ code: "custom", path: ["captcha"], message: ERROR.captchaRequired });
  })
  .transform((value, ctx) => ({ ...value, number: mobileNumberFrom(value, ctx) }));

export const bindEmailSchema = z.object({ email: emailSchema, currentPassword });

export const bindingCodeSchema = z.object({ code: codeInput });

export const removeIdentifierSchema = z.object({ currentPassword });
