// The portal's languages, one line each: the code, the language's own name (a person looks for their language
// in their language), and whether its script runs right to left. Adding one: this line and its message file
// messages/<code>.json (tests/unit/messages.test.ts says what is missing or broken); catalogue.ts finds the file.
const LANGUAGES = {
  en: { name: "English" },
  es: { name: "Español" },
  "zh-CN": { name: "简体中文" },
  hi: { name: "हिन्दी" },
  id: { name: "Bahasa Indonesia" },
  ru: { name: "Русский" },
  fr: { name: "Français" },
  ar: { name: "العربية", rtl: true },
} as const satisfies Record<string, { name: string; rtl?: true }>;

export type Locale = keyof typeof LANGUAGES;
export const LOCALES = Object.keys(LANGUAGES) as Locale[];
export const DEFAULT_LOCALE: Locale = "en";
export const LANGUAGE_NAMES = Object.fromEntries(LOCALES.map((locale) => [locale, LANGUAGES[locale].name])) as Record<Locale, string>;

/** The request header the front door (lib/server/security/front-door.ts) sets with the language it chose for the request. */
export const LOCALE_HEADER = "x-mi-locale";
/** The request header the front door sets with the page's path and query, for the language links to return to. */
export const PATH_HEADER = "x-mi-path";
/** The query parameter that chooses a language (the footer's links, the links in emails). */
export const LOCALE_PARAM = "lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "ltr" | "rtl" {
  return "rtl" in LANGUAGES[locale] ? "rtl" : "ltr";
}

/**
 * The best of our languages for an Accept-Language header: exact tags first, then by primary language
 * ("es-MX" → es, "zh" or "zh-Hans-CN" → zh-CN), in the header's order of preference (q values).
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = LOCALES.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0];
    const byLanguage = LOCALES.find((locale) => locale.split("-")[0]!.toLowerCase() === primary);
    if (byLanguage) return byLanguage;
  }
  return DEFAULT_LOCALE;
}

/** A request's language: a `lang` link (from an email, say) first, then the person's choice (a cookie), then the browser's. */
export function requestLocale({ linked, chosen, acceptLanguage }: { linked?: string | null; chosen?: string | null; acceptLanguage: string | null }): Locale {
  return isLocale(linked) ? linked : isLocale(chosen) ? chosen : negotiateLocale(acceptLanguage);
}

/** A stored value as a locale: one of ours, or the default (a row written before the column existed, say). */
export function toLocale(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** A portal URL that opens the portal in `locale` (the front door reads the parameter): the links in emails. */
export function inLanguage(url: string, locale: Locale): string {
  return `${url}${url.includes("?") ? "&" : "?"}${LOCALE_PARAM}=${encodeURIComponent(locale)}`;
}
