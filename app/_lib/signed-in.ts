import { redirect } from "next/navigation";
import { applyCookie } from "@/app/_lib/request";
import { COOKIE, LANGUAGE_COOKIE_MAX_AGE, type CookieWrite } from "@/lib/server/config/cookies";
import type { SecondStepStarted } from "@/lib/server/flows/login/second-step";
import type { StartedSession } from "@/lib/server/flows/login/session-start";
import { safeReturnPath } from "@/lib/shared/safe-redirect";

// The two ways a first step ends well, the same for a password, a text-message code, a passkey and the second
// step's code: the cookies and the page next. The password form's POST is answered before Next.js
// (app/login/sign-in-post.ts) and sets the same cookies as plain headers.

/** A session started: its cookie, the trusted-browser cookie when new, the account's language. */
export function sessionCookies(session: StartedSession): CookieWrite[] {
  return [
    { name: COOKIE.secondStep, value: "", lifetime: { clear: true } },
    { name: COOKIE.session, value: session.token, lifetime: { expires: session.expiresAt } },
    ...(session.device ? [{ name: COOKIE.device, value: session.device.token, lifetime: { expires: session.device.expiresAt } }] : []),
    // The account's language follows the person to this browser.
    { name: COOKIE.language, value: session.locale, lifetime: { maxAgeMs: LANGUAGE_COOKIE_MAX_AGE * 1000 } },
  ];
}

/**
 * Where a signed-in browser goes: a path on this site only, never //evil, /\evil, https://evil or javascript:
 * (lib/shared/safe-redirect.ts).
 */
export const pathAfterSignIn = (next: unknown): string => safeReturnPath(next) ?? "/account";

/** Half signed in (two-step verification is on): the second step's cookie. */
export const secondStepCookie = (secondStep: SecondStepStarted): CookieWrite => ({
  name: COOKIE.secondStep,
  value: secondStep.token,
  lifetime: { expires: secondStep.expiresAt },
});

/** The second step's page, keeping `next`. */
export function secondStepPath(next: unknown): string {
  const returnTo = safeReturnPath(next);
  return returnTo ? `/login/two-step?next=${encodeURIComponent(returnTo)}` : "/login/two-step";
}

/** A session started: its cookies (sessionCookies); then on to `next`. */
export async function enterSignedIn(session: StartedSession, next: unknown): Promise<never> {
  redirect(await keepSession(session, next));
}

/** The cookies of a session started, and where to go next. For a sign-in whose page goes on by itself (a passkey's). */
export async function keepSession(session: StartedSession, next: unknown): Promise<string> {
  for (const cookie of sessionCookies(session)) await applyCookie(cookie);
  return pathAfterSignIn(next);
}

/** Half signed in: the second step's cookie, and its page. */
export async function enterSecondStep(secondStep: SecondStepStarted, next: unknown): Promise<never> {
  await applyCookie(secondStepCookie(secondStep));
  redirect(secondStepPath(next));
}
