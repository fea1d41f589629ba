import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGUE } from "@/lib/shared/i18n/catalogue";
import { isLocale, LOCALE_HEADER, negotiateLocale } from "@/lib/shared/i18n/locales";

// next-intl's per-request configuration. The front door (lib/server/security/front-door.ts) has already chosen the language (a `lang` link, the cookie, or
// Accept-Language) and passed it in a request header; this only reads it.
export default getRequestConfig(async () => {
  const h = await headers();
  const chosen = h.get(LOCALE_HEADER);
  const locale = isLocale(chosen) ? chosen : negotiateLocale(h.get("accept-language"));
  return {
    locale,
    messages: CATALOGUE[locale],
    // next-intl's zone for whatever names none. The account page's times name theirs (lib/shared/local-time.ts):
    // the browser's with JavaScript, else the account's country's.
    timeZone: "UTC",
  };
});
