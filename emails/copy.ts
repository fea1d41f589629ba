import { CATALOGUE } from "@/lib/shared/i18n/catalogue";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";

type Emails = (typeof CATALOGUE)["en"]["emails"];
export type EmailKind = Exclude<keyof Emails, "signature">;

/**
 * One email's words in `locale`, each formatted as ICU (the same messages, the same rules, as the pages), with
 * `values` for the messages that have placeholders.
 */
export function emailCopy<K extends EmailKind>(locale: Locale, kind: K, values?: Record<string, string | number>): { [P in keyof Emails[K]]: string } & { signature: string; brand: string } {
  const t = translator(locale);
  const keys = Object.keys(CATALOGUE.en.emails[kind]) as (keyof Emails[K] & string)[];
  const copy = Object.fromEntries(keys.map((key) => [key, t(`emails.${kind}.${key}` as Parameters<typeof t>[0], values as never)]));
  return { ...copy, signature: t("emails.signature"), brand: t("brand.name") } as { [P in keyof Emails[K]]: string } & { signature: string; brand: string };
}
