import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { ERROR } from "./codes";
import { checkNewPassword, newPasswordFields } from "./register";
import { phoneCountryInput } from "./sign-in";

// The forgot-password request takes what sign-in takes (a phone number with its country/region too); every new
// password follows the registration rule.
export const forgotSchema = z.object({
  identifier: z.string({ error: ERROR.identifier }).trim().min(1, ERROR.identifier).max(EMAIL_MAX_LENGTH, ERROR.identifier),
  country: phoneCountryInput,
});

export function resetSchema(email: string | null) {
  return z.object(newPasswordFields).superRefine((value, ctx) => checkNewPassword(value, email, ctx));
}

/** Change password on the account page: the current one, then the new one twice. */
export function changePasswordSchema(email: string | null) {
  return z
    .object({ currentPassword: z.string({ error: ERROR.passwordRequired }).min(1, ERROR.passwordRequired), ...newPasswordFields })
    .superRefine((value, ctx) => checkNewPassword(value, email, ctx));
}
