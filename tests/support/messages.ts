import { CATALOGUE } from "@/lib/shared/i18n/catalogue";

// The English catalogue for tests: `english` holds the words as a page shows them (the messages compared here
// have no ICU arguments), `keysOf` the message keys that lib/ answers with (validation codes).
export const english = CATALOGUE.en;

type Keys<T> = { [K in keyof T]: T[K] extends string ? string : Keys<T[K]> };

/** The same tree with each message replaced by its key: keysOf(english.errors, "errors").email.required === "errors.email.required". */
export function keysOf<T extends object>(tree: T, prefix: string): Keys<T> {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [key, typeof value === "string" ? `${prefix}.${key}` : keysOf(value as object, `${prefix}.${key}`)]),
  ) as Keys<T>;
}
