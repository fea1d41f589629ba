import "server-only";
import { acceptLanguage } from "@/app/_lib/request";
import { countryFromAcceptLanguage, listCountries } from "@/lib/shared/countries";
import { callingCodeOf } from "@/lib/shared/phone-number";

// The country/region choice beside a phone field (registration, sign-in, "using a text message", forgot password,
// binding): each with its calling code, worked out here on the server so the phone-number metadata never reaches
// the browser.

export type PhoneCountry = { code: string; name: string; callingCode: string };

const byLocale = new Map<string, readonly PhoneCountry[]>();

/** Every country/region with a calling code of its own, named and sorted in `locale` (computed once per language). */
export function phoneCountries(locale: string): readonly PhoneCountry[] {
  let list = byLocale.get(locale);
  if (!list) {
    list = listCountries(locale).flatMap((country) => {
      const callingCode = callingCodeOf(country.code);
      return callingCode ? [{ ...country, callingCode }] : [];
    });
    byLocale.set(locale, list);
  }
  return list;
}

/** Each country/region's calling code ("CN" → "+86"), for a page that shows it beside a phone field. */
export function callingCodes(locale: string): Record<string, string> {
  return Object.fromEntries(phoneCountries(locale).map((country) => [country.code, country.callingCode]));
}

/** The region the browser's languages name (as /register guesses it), for a number typed in its national form. */
export async function defaultPhoneCountry(): Promise<string> {
  return countryFromAcceptLanguage(await acceptLanguage()) ?? "";
}
