import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { messages } from "@/lib/shared/messages";
import { checkNewPassword, newPasswordFields } from "./register";

// The forgot-password request takes what sign-in takes; every new password follows the sign-up rule.
export const forgotSchema = z.object({
  identifier: z.string({ error: messages.errors.identifier }).trim().min(1, messages.errors.identifier).max(EMAIL_MAX_LENGTH, messages.errors.identifier),
});

export function resetSchema(email: string) {
  return z.object(newPasswordFields).superRefine((value, ctx) => checkNewPassword(value, email, ctx));
}

/** Change password on the account page: the current one, then the new one twice. */
export function changePasswordSchema(email: string) {
  return z
    .object({ currentPassword: z.string({ error: messages.errors.password.required }).min(1, messages.errors.password.required), ...newPasswordFields })
    .superRefine((value, ctx) => checkNewPassword(value, email, ctx));
}
