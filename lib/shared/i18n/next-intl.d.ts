import type en from "./messages/en.json";
import type { Locale } from "./locales";

// Keys of t() are checked against the English catalogue; a typo is a type error, not a raw key on a page.
declare module "next-intl" {
  interface AppConfig {
    Messages: typeof en;
    Locale: Locale;
  }
}
