import "server-only";
import { toLocale, type Locale } from "@/lib/shared/i18n/locales";
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from "@/lib/server/accounts/passwords";
import { sql } from "@/lib/server/db/sql";
import { storableText } from "@/lib/server/db/text";
import { log } from "@/lib/server/log";
import { recordAudit } from "@/lib/server/security/audit";
import { checkHuman, type HumanCheck } from "@/lib/server/security/human-check";
import { emailKey } from "@/lib/shared/email-address";
import { isMiId } from "@/lib/shared/mi-id";
import { browserLabel } from "./browser-label";
import { createSession } from "./sessions";
import { refundSignInAttempt, reserveSignInAttempt, resetSignInThrottle } from "./sign-in-throttle";
import { trustDevice, trustedDeviceOf } from "./trusted-devices";

/** What the sign-in form sends: the credentials, the captcha and proof of work (human-check.ts), the device cookie. */
export type SignInAttempt = Omit<HumanCheck, "purpose"> & {
  identifier: string;
  password: string;
  /** This browser's trusted-device cookie, if any (trusted-devices.ts). */
  deviceToken?: string;
  /** For the session list on the account page. */
  userAgent?: string | null;
};

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; device: { token: string; expiresAt: Date } | null; locale: Locale }
  | { ok: false; reason: "invalid"; captchaRequired: boolean }
  | { ok: false; reason: "not-activated"; email: string }
  | { ok: false; reason: "captcha"; captchaRequired: true }
  | { ok: false; reason: "locked" | "ip-limited"; retryAfterMs: number; captchaRequired: boolean };

type AccountToSignIn = { id: string; email: string; passwordHash: string; status: string; locale: string };

/** The few columns sign-in reads, by hand-written SQL as every sign-in runs it (lib/server/db/sql.ts). */
async function accountToSignIn(by: { miId: string } | { emailKey: string }): Promise<AccountToSignIn | null> {
  const rows =
    "miId" in by
      ? await sql.rows<AccountToSignIn>`SELECT "id", "email", "passwordHash", "status", "locale" FROM "Account" WHERE "miId" = ${by.miId}`
      : await sql.rows<AccountToSignIn>`SELECT "id", "email", "passwordHash", "status", "locale" FROM "Account" WHERE "emailKey" = ${by.emailKey}`;
  return rows[0] ?? null;
}

/**
 * Signs in with an email or a Mi Account ID. The attempt is counted first (sign-in-throttle.ts: the address's
 * limit, the identifier's pause, or a trusted browser's own budget), then the captcha is checked when the
 * counts ask for one, then the password. Unknown identifiers are counted, paused and answered exactly like
 * real ones, with the same bcrypt time; "not activated" is told only to someone who knows the password.
 */
export async function signIn(attempt: SignInAttempt, now = new Date()): Promise<SignInResult> {
  const { password, ipGroup } = attempt;
  // A lone UTF-16 surrogate or a NUL cannot be sent to the database; replaced, it simply matches nothing.
  const identifier = storableText(attempt.identifier.trim());
  const byMiId = isMiId(identifier);
  const identifierKey = byMiId ? `mi:${identifier}` : `email:${emailKey(identifier)}`;
  const account = await accountToSignIn(byMiId ? { miId: identifier } : { emailKey: emailKey(identifier) });
  const trustedDevice = await trustedDeviceOf(attempt.deviceToken, account?.id, now);

  const reservation = await reserveSignInAttempt({ ipGroup, identifierKey, trustedDevice }, now);
  if (!reservation.ok && reservation.reason === "ip-limited") return reservation;
  if (!reservation.ok) {
    // The same answer and the same work whether or not the password is right.
    await verifyAgainstNothing(password);
    await recordAudit({ event: "sign_in_failed", outcome: "locked", accountId: account?.id, ipGroup }, now);
    return reservation;
  }

  if (reservation.captchaRequired) {
    const human = await checkHuman({ ...attempt, purpose: "sign-in" }, now);
    if (!human.ok) {
      await refundSignInAttempt(reservation);
      if (human.reason === "rate-limited") return { ok: false, reason: "ip-limited", retryAfterMs: human.retryAfterMs, captchaRequired: true };
      return { ok: false, reason: "captcha", captchaRequired: true };
    }
  }

  const passwordRight = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!account || !passwordRight) {
    const { attempt: failures, pauseMs } = reservation;
    log.info("sign-in.failed", { accountId: account?.id, reason: "invalid", failures, pausedMs: pauseMs, trustedDevice: Boolean(trustedDevice) });
    await recordAudit({ event: "sign_in_failed", outcome: account ? "wrong-password" : "unknown-account", accountId: account?.id, ipGroup }, now);
    if (pauseMs > 0) await recordAudit({ event: "lockout", outcome: `${Math.round(pauseMs / 1000)}s`, accountId: account?.id, ipGroup }, now);
    return { ok: false, reason: "invalid", captchaRequired: reservation.captchaAfterFailure };
  }
  if (account.status !== "active") {
    await refundSignInAttempt(reservation);
    log.info("sign-in.failed", { accountId: account.id, reason: "not-activated" });
    await recordAudit({ event: "sign_in_failed", outcome: "not-activated", accountId: account.id, ipGroup }, now);
    return { ok: false, reason: "not-activated", email: account.email };
  }
  await resetSignInThrottle(reservation);
  if (needsRehash(account.passwordHash)) {
    // Only if the hash is still the one checked: a password changed meanwhile stays changed.
    await sql.run`UPDATE "Account" SET "passwordHash" = ${await hashPassword(password)} WHERE "id" = ${account.id} AND "passwordHash" = ${account.passwordHash}`;
  }
  const session = await createSession(account.id, now, { browser: browserLabel(attempt.userAgent), ipGroup });
  const device = await trustDevice(account.id, attempt.deviceToken, now);
  log.info("sign-in.succeeded", { accountId: account.id });
  await recordAudit({ event: "sign_in", outcome: "ok", accountId: account.id, ipGroup }, now);
  return { ok: true, ...session, device, locale: toLocale(account.locale) };
}
