import countries from "i18n-iso-countries";

// The codes come from the maintained ISO 3166 list in i18n-iso-countries, never a hand-typed copy; the names
// from the runtime's CLDR data in the page's language, which gives the short names people look for ("China",
// not "People's Republic of China"), sorted by that language's collation.
export type Country = { code: string; name: string };

const CODE_LIST = Object.keys(countries.getAlpha2Codes());
const CODES = new Set(CODE_LIST);
const byLocale = new Map<string, readonly Country[]>();

function names(locale: string): Intl.DisplayNames {
  return new Intl.DisplayNames([locale, "en"], { type: "region", fallback: "code" });
}

/** Every country/region, named and sorted in `locale` (computed once per language). */
export function listCountries(locale = "en"): readonly Country[] {
  let list = byLocale.get(locale);
  if (!list) {
    const display = names(locale);
    const collator = new Intl.Collator(locale);
    list = CODE_LIST.map((code) => ({ code, name: display.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    byLocale.set(locale, list);
  }
  return list;
}

export function isCountryCode(code: string): boolean {
  return CODES.has(code);
}

export function countryName(code: string, locale = "en"): string {
  return CODES.has(code) ? (names(locale).of(code) ?? code) : code;
}

/** The first region named in an Accept-Language header ("en-GB,en;q=0.8" → "GB"), by preference. */
export function countryFromAcceptLanguage(header: string | null | undefined): string | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    // The region is a 2-letter subtag after the language (and an optional 4-letter script): zh-Hant-TW.
    const region = tag.split("-").slice(1).find((sub) => /^[A-Za-z]{2}$/.test(sub))?.toUpperCase();
    if (region && CODES.has(region)) return region;
  }
  return null;
}
