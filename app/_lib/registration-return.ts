import { COOKIE } from "@/lib/server/config/cookies";
import { clearCookie, readCookie, writeCookie } from "./request";
import { safeReturnPath } from "@/lib/shared/safe-redirect";

// Where a registration begun from the sign-in page goes after activation: "Create Mi Account" on
// /login?next=/authorize/<uid> (an app's sign-in request) leads through registration and activation, and the
// activated page's sign-in button then carries `next` back to that request. The registration draft's table has no
// room for it, so it is a cookie of its own: HttpOnly, and only ever a same-site path (lib/shared/safe-redirect.ts),
// checked again when read. It lasts as long as an app's sign-in request does (an hour, lib/server/oidc/provider.ts):
// after that the path leads nowhere anyway.

const REGISTRATION_RETURN_COOKIE = COOKIE.registrationReturn;
const LIFETIME_MS = 60 * 60 * 1000;

export async function readRegistrationReturnPath(): Promise<string | undefined> {
  return safeReturnPath(await readCookie(REGISTRATION_RETURN_COOKIE)) ?? undefined;
}

/** Step 1 keeps the path it was given, or forgets an older one: a registration begun afresh goes nowhere else. */
export async function keepRegistrationReturnPath(next: unknown): Promise<void> {
  const path = safeReturnPath(next);
  if (path) await writeCookie(REGISTRATION_RETURN_COOKIE, path, { maxAgeMs: LIFETIME_MS });
  else if (await readCookie(REGISTRATION_RETURN_COOKIE)) await clearCookie(REGISTRATION_RETURN_COOKIE);
}

/** The sign-in page's address after activation: back to where the registration began, when it began elsewhere. */
export function signInHref(returnTo: string | undefined): string {
  return returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login";
}
