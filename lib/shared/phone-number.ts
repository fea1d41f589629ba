import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { isCountryCode } from "./countries";

// The phone-number rule, once: what a person types (national, "+…" or "00…" international, with spaces, dots,
// dashes or brackets) read in the chosen country/region, and kept as E.164 ("+8613812345678"), the one form stored,
// compared and texted. Only mobile numbers: a code sent to a landline is never read, and premium-rate, shared-cost,
// toll-free, VoIP, pager and unknown types are where SMS pumping sends its traffic. The "max" metadata is needed to
// tell number types apart: keep this module out of client components (it is ~150 kB).
//
// Numbers whose type the metadata cannot tell between fixed line and mobile (the United States, Canada and some
// others give both the same ranges) are accepted: there every number may be a mobile.

export const PHONE_INPUT_MAX_LENGTH = 32;

export type PhoneProblem = "required" | "invalid" | "landline" | "not-mobile";

export type MobileNumber = {
  /** E.164: "+" and the digits. */
  e164: string;
  /** The ISO 3166-1 alpha-2 region the number belongs to (may differ from the chosen country: "+44…" typed in CN). */
  region: string;
  /** The calling code without "+", e.g. "86". */
  callingCode: string;
};

export type PhoneParse = { ok: true; number: MobileNumber } | { ok: false; problem: PhoneProblem };

export function parseMobileNumber({ input, country }: { input: string; country?: string | null }): PhoneParse {
  const typed = input.trim();
  if (typed === "") return { ok: false, problem: "required" };
  if (typed.length > PHONE_INPUT_MAX_LENGTH || !/^[+0-9\s().\-\u00a0]+$/.test(typed)) return { ok: false, problem: "invalid" };
  const defaultCountry = country && isCountryCode(country) && isCallingRegion(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(typed, defaultCountry ? { defaultCountry } : undefined);
  if (!parsed || !parsed.isValid() || !parsed.country) return { ok: false, problem: "invalid" };
  const type = parsed.getType();
  if (type === "FIXED_LINE") return { ok: false, problem: "landline" };
  if (type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") return { ok: false, problem: "not-mobile" };
  if (!isCountryCode(parsed.country)) return { ok: false, problem: "invalid" };
  return { ok: true, number: { e164: parsed.number, region: parsed.country, callingCode: parsed.countryCallingCode } };
}

/** "+86" for "CN", or null for a region without a calling code of its own (Antarctica, say). */
export function callingCodeOf(country: string): string | null {
  return isCallingRegion(country) ? `+${getCountryCallingCode(country as CountryCode)}` : null;
}

function isCallingRegion(country: string): boolean {
  try {
    getCountryCallingCode(country as CountryCode);
    return true;
  } catch {
    return false;
  }
}

/** The number as people read it in its own country ("+86 138 1234 5678"), for pages; E.164 stays the stored form. */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
