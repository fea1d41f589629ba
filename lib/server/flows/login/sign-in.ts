import "server-only";
import { toLocale, type Locale } from "@/lib/shared/i18n/locales";
import { hashPassword, needsRehash, verifyAgainstNothing } from "@/lib/server/identity/passwords";
import { passwordMatches } from "@/lib/server/methods/password/check";
import { findAccountToSignIn, rehashPassword } from "@/lib/server/db/tables/accounts";
import { storableText } from "@/lib/server/db/text";
import { humanVerdict, type HumanCheck } from "@/lib/server/security/human-check";
import { emailKey } from "@/lib/shared/email-address";
import { isMiId } from "@/lib/shared/mi-id";
import { browserLabel } from "@/lib/server/identity/browser-label";
import { createSession, deleteSession } from "@/lib/server/identity/sessions";
import { trustDevice, trustedDeviceOf } from "@/lib/server/identity/trusted-devices";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { refundSignInAttempt, reserveSignInAttempt, resetSignInThrottle } from "./throttle";

/** What the sign-in form sends: the credentials, the captcha and proof of work (human-check.ts), the device cookie. */
export type SignInAttempt = Omit<HumanCheck, "purpose" | "ipGroup"> & {
  identifier: string;
  password: string;
  /** This browser's trusted-device cookie, if any (trusted-devices.ts). */
  deviceToken?: string;
  /** For the session list on the account page. */
  userAgent?: string | null;
  /** The session this browser held before, if any: ended, as every sign-in starts a new session id. */
  previousSessionToken?: string;
};

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; device: { token: string; expiresAt: Date } | null; locale: Locale }
  | { ok: false; reason: "invalid"; captchaRequired: boolean }
  | { ok: false; reason: "not-activated"; email: string }
  | { ok: false; reason: "captcha"; captchaRequired: true }
  | { ok: false; reason: "locked" | "ip-limited"; retryAfterMs: number; captchaRequired: boolean };

/**
 * Signs in with an email or a Mi Account ID. The attempt is counted first (throttle.ts: the address's
 * limit, the identifier's pause, or a trusted browser's own budget), then the captcha is checked when the
 * counts ask for one, then the password. Unknown identifiers are counted, paused and answered exactly like
 * real ones, with the same bcrypt time; "not activated" is told only to someone who knows the password.
 */
export async function signIn(attempt: SignInAttempt, context: RequestContext): Promise<SignInResult> {
  const { password } = attempt;
  const { now, ipGroup } = context;
  // A lone UTF-16 surrogate or a NUL cannot be sent to the database; replaced, it simply matches nothing.
  const identifier = storableText(attempt.identifier.trim());
  const byMiId = isMiId(identifier);
  const identifierKey = byMiId ? `mi:${identifier}` : `email:${emailKey(identifier)}`;
  const account = await findAccountToSignIn(byMiId ? { miId: identifier } : { emailKey: emailKey(identifier) });
  const trustedDevice = await trustedDeviceOf({ token: attempt.deviceToken, accountId: account?.id, now });

  const reservation = await reserveSignInAttempt({ ipGroup, identifierKey, trustedDevice }, now);
  if (!reservation.ok && reservation.reason === "ip-limited") return reservation;
  if (!reservation.ok) {
    // The same answer and the same work whether or not the password is right.
    await verifyAgainstNothing(password);
    await afterCommit(context, { audit: [{ event: "sign_in_failed", outcome: "locked", accountId: account?.id, by: "stranger" }] });
    return reservation;
  }

  if (reservation.captchaRequired) {
    const human = await humanVerdict({ ...attempt, purpose: "sign-in", ipGroup }, now);
    if (!human.ok) {
      await refundSignInAttempt(reservation);
      if (human.reason === "rate-limited") return { ok: false, reason: "ip-limited", retryAfterMs: human.retryAfterMs, captchaRequired: true };
      return { ok: false, reason: "captcha", captchaRequired: true };
    }
  }

  const passwordRight = await passwordMatches(password, account?.passwordHash);
  if (!account || !passwordRight) {
    const { attempt: failures, pauseMs } = reservation;
    const accountId = account?.id;
    await afterCommit(context, {
      audit: [
        { event: "sign_in_failed", outcome: account ? "wrong-password" : "unknown-account", accountId, by: "stranger" },
        ...(pauseMs > 0 ? [{ event: "lockout" as const, outcome: `${Math.round(pauseMs / 1000)}s`, accountId, by: "stranger" as const }] : []),
      ],
      log: { event: "sign-in.failed", fields: { accountId, reason: "invalid", failures, pausedMs: pauseMs, trustedDevice: Boolean(trustedDevice) } },
    });
    return { ok: false, reason: "invalid", captchaRequired: reservation.captchaAfterFailure };
  }
  if (account.status !== "active") {
    await refundSignInAttempt(reservation);
    await afterCommit(context, {
      audit: [{ event: "sign_in_failed", outcome: "not-activated", accountId: account.id, by: "stranger" }],
      log: { event: "sign-in.failed", fields: { accountId: account.id, reason: "not-activated" } },
    });
    return { ok: false, reason: "not-activated", email: account.email };
  }
  await resetSignInThrottle(reservation);
  if (needsRehash(account.passwordHash)) {
    // Only if the hash is still the one checked: a password changed meanwhile stays changed.
    await rehashPassword({ accountId: account.id, from: account.passwordHash, to: await hashPassword(password) });
  }
  await deleteSession(attempt.previousSessionToken);
  const session = await createSession({ accountId: account.id, browser: browserLabel(attempt.userAgent), ipGroup, now });
  const device = await trustDevice({ accountId: account.id, currentToken: attempt.deviceToken, now });
  await afterCommit(context, { audit: [{ event: "sign_in", outcome: "ok", accountId: account.id, by: "owner" }], log: { event: "sign-in.succeeded", fields: { accountId: account.id } } });
  return { ok: true, ...session, device, locale: toLocale(account.locale) };
}
