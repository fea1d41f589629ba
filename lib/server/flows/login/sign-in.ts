import "server-only";
import { hashPassword, needsRehash } from "@/lib/server/identity/passwords";
import { passwordMatches } from "@/lib/server/methods/password/check";
import { findAccountToSignIn, rehashPassword } from "@/lib/server/db/tables/accounts";
import { storableText } from "@/lib/server/db/text";
import { humanVerdict, type HumanCheck } from "@/lib/server/security/human-check";
import { resolveIdentifier } from "@/lib/shared/sign-in-identifier";
import { trustedBrowserOf } from "@/lib/server/identity/trusted-devices";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { beginNewDeviceCheck, newDeviceCheckNeeded } from "./new-device";
import { beginSecondStep, secondStepNeeded, type SecondStepStarted } from "./second-step";
import { startSession, type BrowserSigningIn, type StartedSession } from "./session-start";
import { reserveSignInAttempt, resetSignInThrottle, signInCaptchaShown } from "./throttle";

/** What the sign-in form sends: the credentials, the captcha and proof of work (human-check.ts), the device cookie. */
export type SignInAttempt = Omit<HumanCheck, "purpose" | "ipGroup"> &
  BrowserSigningIn & {
    /** An email, a Mi Account ID or a phone number (lib/shared/sign-in-identifier.ts). */
    identifier: string;
    /** The form's country/region, for a phone number typed in its national form. */
    country?: string | null;
    password: string;
  };

export type SignInResult =
  | ({ ok: true } & StartedSession)
  /** The password was right; the account has two-step verification on: the browser is half signed in. */
  | { ok: false; reason: "second-step"; secondStep: SecondStepStarted }
  | { ok: false; reason: "invalid"; captchaRequired: boolean }
  | { ok: false; reason: "captcha"; captchaRequired: true }
  | { ok: false; reason: "locked" | "ip-limited"; retryAfterMs: number; captchaRequired: boolean };

/**
 * Signs in with an email, a Mi Account ID or a phone number. The captcha is checked first when the address's count
 * asks for one, then the attempt is counted (throttle.ts: the address's limit, the identifier's pause, or a trusted
 * browser's own budget), then the password. Unknown identifiers are counted, paused and answered exactly
 * like real ones, with the same bcrypt time; so are pending accounts, whatever the password.
 */
export async function signIn(attempt: SignInAttempt, context: RequestContext): Promise<SignInResult> {
  const { password } = attempt;
  const { now, ipGroup } = context;
  // A lone UTF-16 surrogate or a NUL cannot be sent to the database; replaced, it simply matches nothing.
  // A phone number that does not parse is looked up as nothing and counted under what was typed: answered like an
  // unknown account, so the answer never tells a badly typed number from an unregistered one.
  const resolved = resolveIdentifier({ typed: storableText(attempt.identifier), country: attempt.country });
  const identifierKey = resolved.key;
  const account = resolved.lookup ? await findAccountToSignIn(resolved.lookup) : null;
  const trustedBrowser = await trustedBrowserOf({ token: attempt.deviceToken, accountId: account?.id, now });
  const trustedDevice = trustedBrowser?.tokenHash;

  // The captcha first, when the form brought an answer and the address's count asks for one (the page showed it
  // already): checked, and used up, before anything is counted. A form without an answer goes straight to the
  // reservation, which refuses it untouched when the count asks for a captcha (as it refuses a burst's attempt
  // that found the count risen): one read fewer for the sign-ins that need no captcha, most of them.
  const broughtAnswer = attempt.captchaAnswer !== undefined || attempt.alternative === true;
  const captchaExpected = broughtAnswer && (await signInCaptchaShown({ ipGroup, now }));
  if (captchaExpected) {
    const human = await humanVerdict({ ...attempt, purpose: "sign-in", ipGroup }, now);
    if (!human.ok && human.reason === "rate-limited") return { ok: false, reason: "ip-limited", retryAfterMs: human.retryAfterMs, captchaRequired: true };
    if (!human.ok) return { ok: false, reason: "captcha", captchaRequired: true };
  }

  const reservation = await reserveSignInAttempt({ keys: { ipGroup, identifierKey, trustedDevice }, humanChecked: captchaExpected, now });
  if (!reservation.ok && reservation.reason !== "locked") return reservation;
  if (!reservation.ok) {
    // Paused (or a trusted browser past its budget): refused before any password is looked at, so asking again
    // costs the server no bcrypt; the refusal stays counted against the address (throttle.ts). Its answer does
    // not depend on the password, so no time needs spending to hide it.
    await afterCommit(context, { audit: [{ event: "sign_in_failed", outcome: "locked", accountId: account?.id, by: "stranger" }] });
    return reservation;
  }

  const passwordRight = await passwordMatches(password, account?.passwordHash);
  // A pending account fails like a wrong password, in words and counts: anyone may register an address with a
  // password of their own, so "not activated yet" would tell them whether the address was free (or pending) or
  // already someone's active account. The browser that registered is helped by the page instead (app/login).
  if (!account || !passwordRight || account.status !== "active") {
    const { attempt: failures, pauseMs } = reservation;
    const accountId = account?.id;
    const outcome = !account ? "unknown-account" : passwordRight ? "not-activated" : "wrong-password";
    await afterCommit(context, {
      audit: [
        { event: "sign_in_failed", outcome, accountId, by: "stranger" },
        ...(pauseMs > 0 ? [{ event: "lockout" as const, outcome: `${Math.round(pauseMs / 1000)}s`, accountId, by: "stranger" as const }] : []),
      ],
      log: { event: "sign-in.failed", fields: { accountId, reason: outcome, failures, pausedMs: pauseMs, trustedDevice: Boolean(trustedDevice) } },
    });
    return { ok: false, reason: "invalid", captchaRequired: reservation.captchaAfterFailure };
  }
  // The password was right: the attempt is taken back now, or with the new session's writes (session-start.ts).
  const next = secondStepNeeded({ account, browser: trustedBrowser }) ? "second-step" : newDeviceCheckNeeded({ browser: trustedBrowser }) ? "new-device-check" : "session";
  if (next !== "session") await resetSignInThrottle(reservation);
  if (needsRehash(account.passwordHash)) {
    // Only if the hash is still the one checked: a password changed meanwhile stays changed.
    await rehashPassword({ accountId: account.id, from: account.passwordHash, to: await hashPassword(password) });
  }
  if (next === "second-step") {
    return { ok: false, reason: "second-step", secondStep: await beginSecondStep({ accountId: account.id, firstStep: "password", now }) };
  }
  if (next === "new-device-check") {
    const check = await beginNewDeviceCheck({ account, userAgent: attempt.userAgent }, context);
    // Only a phone's texts can be refused (the SMS guards): wait, as for any limit.
    if (!check.ok) return { ok: false, reason: "ip-limited", retryAfterMs: check.retryAfterMs, captchaRequired: false };
    return { ok: false, reason: "second-step", secondStep: check.secondStep };
  }
  return { ok: true, ...(await startSession({ account, browser: attempt, method: "password", reservation }, context)) };
}
