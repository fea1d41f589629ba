import "server-only";
import { z } from "zod";
import { parseMobileNumber, PHONE_INPUT_MAX_LENGTH, type MobileNumber, type PhoneProblem } from "@/lib/shared/phone-number";
import { CODE_DIGITS } from "@/lib/shared/one-time-code";
import { ERROR, type ErrorCode } from "./codes";

// The phone-number and one-time-code fields of every form. The rule itself is lib/shared/phone-number.ts; this
// only turns its answer into zod's, with the catalogue's message keys.

export const PHONE_ERROR: Record<PhoneProblem, ErrorCode> = {
  required: ERROR.phoneRequired,
  invalid: ERROR.phoneInvalid,
  landline: ERROR.phoneLandline,
  "not-mobile": ERROR.phoneNotMobile,
};

/** A typed phone field: a string, at most a little longer than any number, so a megabyte is refused unparsed. */
export const phoneInput = z.string({ error: ERROR.phoneRequired }).max(PHONE_INPUT_MAX_LENGTH * 2, ERROR.phoneInvalid);

/**
 * Reads `phone` in `country` (the form's chosen country/region, when it has one) inside a superRefine or transform:
 * the number, or an issue on the `phone` path and z.NEVER.
 */
export function mobileNumberFrom({ phone, country }: { phone: string; country?: string | null }, ctx: z.RefinementCtx): MobileNumber {
  const parsed = parseMobileNumber({ input: phone, country });
  if (parsed.ok) return parsed.number;
  ctx.addIssue({ code: "custom", path: ["phone"], message: PHONE_ERROR[parsed.problem] });
  return z.NEVER;
}

/** A typed one-time code: spaces and dashes people paste are dropped; then exactly six digits. */
export const codeInput = z
  .string({ error: ERROR.codeRequired })
  .max(64, ERROR.codeShape)
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().min(1, ERROR.codeRequired).regex(new RegExp(`^\\d{${CODE_DIGITS}}$`), ERROR.codeShape));
