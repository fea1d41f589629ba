import { createTranslator } from "use-intl/core";
import { CATALOGUE } from "./catalogue";
import type { Locale } from "./locales";

/**
 * A translator outside React's request (emails, the front door's 503 page): the same ICU messages next-intl uses in
 * pages. `t("key", values)` for text, `t.rich` is not needed there.
 */
export function translator(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGUE[locale] });
}

export type Translator = ReturnType<typeof translator>;
