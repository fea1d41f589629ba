import "server-only";
import { isHttps } from "@/lib/server/config/env";

// Every cookie the portal sets is HttpOnly and SameSite=Lax. Over https it is also Secure with the `__Host-`
// prefix, which pins it to this exact origin and path "/".
export function cookieName(base: string): string {
  return isHttps ? `__Host-${base}` : base;
}

export const cookieOptions = { httpOnly: true, sameSite: "lax" as const, secure: isHttps, path: "/" };

export const COOKIE = {
  session: cookieName("mi_session"),
  registrationDraft: cookieName("mi_registration"),
  /** Where a registration begun on an app's sign-in goes back to after activation (app/_lib/registration-return.ts). */
  registrationReturn: cookieName("mi_register_next"),
  captcha: cookieName("mi_captcha"),
  activation: cookieName("mi_activation"),
  /** Half signed in: the password was right, the second step is awaited (lib/server/flows/login/second-step.ts). */
  secondStep: cookieName("mi_second_step"),
  /** A browser the person has signed in with (lib/server/identity/trusted-devices.ts). */
  device: cookieName("mi_device"),
  /** This browser's proof-of-work challenge (lib/server/security/proof-of-work.ts). */
  pow: cookieName("mi_pow"),
  /** A password-reset link's token, moved out of the URL (app/reset/route.ts). */
  passwordReset: cookieName("mi_reset"),
  /** The language the person chose (lib/shared/i18n/locales.ts); a year, like any preference. */
  language: cookieName("mi_lang"),
};

export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** A request's cookies by name, from its Cookie header. */
export function requestCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    const name = (at < 0 ? part : part.slice(0, at)).trim();
    if (name) cookies.set(name, at < 0 ? "" : part.slice(at + 1).trim());
  }
  return cookies;
}

/** How long a cookie lasts: until a time, for a while, or not at all (cleared); a browser session when absent. */
export type CookieLifetime = { expires: Date } | { maxAgeMs: number } | { clear: true };

/** One cookie to set, for whichever sets it: Next.js's cookies() (app/_lib/request.ts) or a plain Set-Cookie header. */
export type CookieWrite = { name: string; value: string; lifetime?: CookieLifetime };

/** The Set-Cookie value of `write`, with cookieOptions' attributes, for answers made outside Next.js. */
export function setCookieHeader({ name, value, lifetime }: CookieWrite, now = new Date()): string {
  const maxAgeMs = !lifetime ? null : "clear" in lifetime ? 0 : "maxAgeMs" in lifetime ? lifetime.maxAgeMs : null;
  const expires = !lifetime ? null : "expires" in lifetime ? lifetime.expires : new Date(now.getTime() + (maxAgeMs ?? 0));
  const lasting = expires ? `; Expires=${expires.toUTCString()}${maxAgeMs !== null ? `; Max-Age=${Math.floor(maxAgeMs / 1000)}` : ""}` : "";
  return `${name}=${value}; Path=/${lasting}${isHttps ? "; Secure" : ""}; HttpOnly; SameSite=lax`;
}

/** The Set-Cookie value for the language the person chose by a link (the front door sets it). */
export function languageCookie(locale: string, now = new Date()): string {
  return setCookieHeader({ name: COOKIE.language, value: locale, lifetime: { maxAgeMs: LANGUAGE_COOKIE_MAX_AGE * 1000 } }, now);
}
