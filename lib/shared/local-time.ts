// How the account page writes a moment (a session's sign-in, an event of the recent activity): in the reader's
// own time zone and their language's date format, saying which zone it is ("6 Dec 2026, 13:11 GMT+9"). The
// page's HTML guesses the zone from the account's country (lib/shared/time-zones.ts); the browser, once its
// JavaScript runs, knows the real one.

/**
 * `at` written in `locale`; `timeZone` unset means the runtime's own (the browser's). `seconds` for the audit
 * trail, where two events can share a minute.
 */
export function formatLocalTime({ at, locale, timeZone, seconds = false }: { at: string | Date; locale: string; timeZone?: string; seconds?: boolean }): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    timeZoneName: "short",
    timeZone,
  }).format(new Date(at));
}

/**
 * The browser's own variant of the page's language when it has one (en-GB on an English page: day before month,
 * a 24-hour clock), else the page's language: a page in English read in Britain writes dates the British way.
 */
export function readerLocale(pageLocale: string, browserLanguages: readonly string[]): string {
  const language = (tag: string) => tag.split("-")[0]?.toLowerCase();
  const own = browserLanguages.find((tag) => language(tag) === language(pageLocale));
  if (!own) return pageLocale;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(own).length > 0 ? own : pageLocale;
  } catch {
    return pageLocale; // not a well-formed language tag
  }
}
