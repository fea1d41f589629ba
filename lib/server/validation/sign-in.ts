import "server-only";
import { z } from "zod";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { ERROR } from "./codes";
import { codeInput, mobileNumberFrom, phoneInput } from "./phone";

// Only the shape is checked here: whether the account and password are right is lib/server/flows/login/sign-in.ts's
// answer. The identifier may be an email, a Mi Account ID or a phone number (lib/shared/sign-in-identifier.ts); a
// phone number that does not parse is answered there like an unknown account, never here, so no message tells
// formats apart from accounts.

/**
 * The country/region chosen for a phone number typed in its national form. Optional, never refused: anything but
 * two capital letters reads as none, and the number alone must then say its country.
 */
export const phoneCountryInput = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === "string" && /^[A-Z]{2}$/.test(value) ? value : undefined));

export const signInSchema = z.object({
  identifier: z.string({ error: ERROR.identifier }).trim().min(1, ERROR.identifier).max(EMAIL_MAX_LENGTH, ERROR.signInInvalid),
  country: phoneCountryInput,
  password: z.string({ error: ERROR.passwordRequired }).min(1, ERROR.passwordRequired).max(256, ERROR.signInInvalid),
});

/** Asking for a code by text message (sign-in or recovery): a mobile number, read in the chosen country/region. */
export const codeRequestSchema = z
  .object({ phone: phoneInput, country: phoneCountryInput })
  .transform((value, ctx) => ({ number: mobileNumberFrom(value, ctx) }));

/** The code typed from the text message. */
export const typedCodeSchema = z.object({ code: codeInput });
