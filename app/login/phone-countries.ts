import "server-only";
import { acceptLanguage } from "@/app/_lib/request";
import { countryFromAcceptLanguage, listCountries } from "@/lib/shared/countries";
import { callingCodeOf } from "@/lib/shared/phone-number";

// The country/region choice beside a phone field (sign-in, "using a text message", forgot password): each with its
// calling code, worked out here on the server so the phone-number metadata never reaches the browser.

export type PhoneCountry = { code: string; name: string; callingCode: string };

export function phoneCountries(locale: string): PhoneCountry[] {
  return listCountries(locale).flatMap((country) => {
    const callingCode = callingCodeOf(country.code);
    return callingCode ? [{ ...country, callingCode }] : [];
  });
}

/** The region the browser's languages name (as /register guesses it), for a number typed in its national form. */
export async function defaultPhoneCountry(): Promise<string> {
  return countryFromAcceptLanguage(await acceptLanguage()) ?? "";
}
