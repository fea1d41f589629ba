// The portal's languages. Adding one: write messages/<code>.json (every key English has, ICU syntax) and add a
// line here; the message test checks the file, and everything else (negotiation, chooser, emails) follows.
export const LOCALES = ["en", "es", "zh-CN", "hi", "id", "ru", "fr", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name, as the chooser shows it (a person looks for their language in their language). */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  "zh-CN": "简体中文",
  hi: "हिन्दी",
  id: "Bahasa Indonesia",
  ru: "Русский",
  fr: "Français",
  ar: "العربية",
};

const RTL: ReadonlySet<Locale> = new Set(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
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
