import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGUE } from "@/lib/shared/i18n/catalogue";
import { isLocale, LOCALE_HEADER, negotiateLocale } from "@/lib/shared/i18n/locales";

// next-intl's per-request configuration. proxy.ts has already chosen the language (a `lang` link, the cookie, or
// Accept-Language) and passed it in a request header; this only reads it.
export default getRequestConfig(async () => {
  const h = await headers();
  const chosen = h.get(LOCALE_HEADER);
  const locale = isLocale(chosen) ? chosen : negotiateLocale(h.get("accept-language"));
  return {
    locale,
    messages: CATALOGUE[locale],
    // Times on the account page are shown in UTC and say so: the server does not know the reader's zone.
    timeZone: "UTC",
  };
});
