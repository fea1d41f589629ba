import "server-only";
import { DEFAULT_LOCALE, type Locale } from "@/lib/shared/i18n/locales";

/**
 * What a flow knows of the request it serves, built once in app/ (app/_lib/request-context.ts) and passed down as
 * one object: the clock, who asks (for limits and the audit trail), their language, and Next's after().
 */
export type RequestContext = {
  now: Date;
  /** The client's address group (IPv4, or IPv6 /64), as limits and the audit trail know it. */
  ipGroup: string;
  /** The page's language: a new account's emails are written in it. */
  locale: Locale;
  /**
   * Runs work once the response is out (Next's after()), so the answer takes the same time whether or not a
   * message was due: that timing would otherwise tell which addresses have accounts. Absent in tests and scripts,
   * where the work is awaited at once.
   */
  afterResponse?: (work: () => Promise<void>) => void;
};

/** A context outside any request (tests, scripts): now, no address, the default language, work awaited at once. */
export function plainContext(given: Partial<RequestContext> = {}): RequestContext {
  return { now: new Date(), ipGroup: "unknown", locale: DEFAULT_LOCALE, ...given };
}
