import type en from "./messages/en.json";
import { LOCALES, type Locale } from "./locales";

// Every language's messages, for the server (pages, actions, emails). Client components get theirs through
// next-intl's provider, only the namespaces they use (app/layout.tsx): never import this from one.
// The files are found by the locale's code (messages/<code>.json), so a language is its file and its line in
// LANGUAGES; the bundler includes every file the pattern matches, and they load once, at start-up.
export type Messages = typeof en;

export const CATALOGUE = Object.fromEntries(
  await Promise.all(
    LOCALES.map(async (locale) => [locale, ((await import(`./messages/${locale}.json`)) as { default: Messages }).default] as const),
  ),
) as Record<Locale, Messages>;

/** The namespaces client components read (useTranslations): sent to the browser with every page. */
export const CLIENT_NAMESPACES = ["brand", "nav", "common", "register", "checkEmail", "checkPhone", "activate", "resend", "login", "account", "accountSettings", "passwordReset", "fields", "failure", "textCode", "twoStep"] as const;

export function clientMessages(locale: Locale): Pick<Messages, (typeof CLIENT_NAMESPACES)[number]> {
  const all = CATALOGUE[locale];
  return Object.fromEntries(CLIENT_NAMESPACES.map((namespace) => [namespace, all[namespace]])) as Pick<Messages, (typeof CLIENT_NAMESPACES)[number]>;
}
