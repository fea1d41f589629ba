import { redirect } from "next/navigation";
import { clearCookie, writeCookie } from "@/app/_lib/request";
import { COOKIE, LANGUAGE_COOKIE_MAX_AGE } from "@/lib/server/config/cookies";
import type { SecondStepStarted } from "@/lib/server/flows/login/second-step";
import type { StartedSession } from "@/lib/server/flows/login/session-start";
import { safeReturnPath } from "@/lib/shared/safe-redirect";

// The two ways a first step ends well, the same for a password, a text-message code and the second step's code.

/** A session started: its cookie, the trusted-browser cookie when new, the account's language; then on to `next`. */
export async function enterSignedIn(session: StartedSession, next: unknown): Promise<never> {
  redirect(await keepSession(session, next));
}

/**
 * The cookies of a session started, and where to go next: a path on this site only, never //evil, /\evil,
 * https://evil or javascript: (lib/shared/safe-redirect.ts). For a sign-in whose page goes on by itself (a passkey's).
 */
export async function keepSession(session: StartedSession, next: unknown): Promise<string> {
  await clearCookie(COOKIE.secondStep);
  await writeCookie(COOKIE.session, session.token, { expires: session.expiresAt });
  if (session.device) await writeCookie(COOKIE.device, session.device.token, { expires: session.device.expiresAt });
  // The account's language follows the person to this browser.
  await writeCookie(COOKIE.language, session.locale, { maxAgeMs: LANGUAGE_COOKIE_MAX_AGE * 1000 });
  return safeReturnPath(next) ?? "/account";
}

/** Half signed in (two-step verification is on): the second step's cookie, and its page, keeping `next`. */
export async function enterSecondStep(secondStep: SecondStepStarted, next: unknown): Promise<never> {
  await writeCookie(COOKIE.secondStep, secondStep.token, { expires: secondStep.expiresAt });
  const returnTo = safeReturnPath(next);
  redirect(returnTo ? `/login/two-step?next=${encodeURIComponent(returnTo)}` : "/login/two-step");
}
