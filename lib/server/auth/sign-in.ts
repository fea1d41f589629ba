import "server-only";
import { recordAudit } from "@/lib/server/security/audit";
import { checkCaptcha } from "@/lib/server/security/captcha";
import { db } from "@/lib/server/db/client";
import { normalizeEmail } from "@/lib/shared/email-address";
import { log } from "@/lib/server/log";
import { isMiId } from "@/lib/shared/mi-id";
import { verifyAgainstNothing, verifyPassword } from "@/lib/server/accounts/passwords";
import { checkSignInThrottle, recordSignInFailure, resetSignInThrottle } from "./sign-in-throttle";
import { createSession } from "@/lib/server/auth/sessions";

export type SignInAttempt = {
  identifier: string;
  password: string;
  ipGroup: string;
  captchaSlot?: string;
  /** Absent when the form showed no captcha. */
  captchaAnswer?: string;
};

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid"; captchaRequired: boolean }
  | { ok: false; reason: "not-activated"; email: string }
  | { ok: false; reason: "captcha"; captchaRequired: true }
  | { ok: false; reason: "locked" | "ip-limited"; retryAfterMs: number; captchaRequired: boolean };

/**
 * Signs in with an email or a Mi Account ID. The checks run in a fixed order: the address's failure limit,
 * the account's pause, the captcha (after 3 failures), then the password. Unknown accounts are counted, paused
 * and answered exactly like real ones (their counters are keyed by what was typed), with the same bcrypt time;
 * "not activated" is told only to someone who knows the password.
 */
export async function signIn(attempt: SignInAttempt, now = new Date()): Promise<SignInResult> {
  const { password, ipGroup } = attempt;
  // A lone UTF-16 surrogate cannot be sent to the database; made well-formed it simply matches nothing.
  const identifier = attempt.identifier.trim().toWellFormed();
  const account = isMiId(identifier)
    ? await db.account.findUnique({ where: { miId: identifier } })
    : await db.account.findUnique({ where: { email: normalizeEmail(identifier) } });
  const accountKey = account ? `account:${account.id}` : `unknown:${isMiId(identifier) ? identifier : normalizeEmail(identifier).toLowerCase()}`;

  const keys = { ipGroup, accountKey };
  const throttle = await checkSignInThrottle(keys);
  const { captchaRequired } = throttle;
  if (!throttle.ok && throttle.reason === "ip-limited") {
    return { ok: false, reason: "ip-limited", retryAfterMs: throttle.retryAfterMs, captchaRequired };
  }
  if (!throttle.ok) {
    // The same answer and the same work whether or not the password is right.
    await verifyAgainstNothing(password);
    await recordAudit({ event: "sign_in_failed", outcome: "locked", accountId: account?.id, ipGroup }, now);
    return { ok: false, reason: "locked", retryAfterMs: throttle.retryAfterMs, captchaRequired };
  }

  if (captchaRequired && !(await checkCaptcha(attempt.captchaSlot, attempt.captchaAnswer ?? "", now))) {
    return { ok: false, reason: "captcha", captchaRequired: true };
  }

  const passwordRight = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!account || !passwordRight) {
    const failure = await recordSignInFailure(keys, throttle);
    log.info("sign-in.failed", { accountId: account?.id, reason: "invalid", failures: failure.failures, pausedMs: failure.pauseMs });
    await recordAudit({ event: "sign_in_failed", outcome: account ? "wrong-password" : "unknown-account", accountId: account?.id, ipGroup }, now);
    if (failure.pauseMs > 0) {
      await recordAudit({ event: "lockout", outcome: `${Math.round(failure.pauseMs / 1000)}s`, accountId: account?.id, ipGroup }, now);
    }
    return { ok: false, reason: "invalid", captchaRequired: failure.captchaRequired };
  }
  if (account.status !== "active") {
    log.info("sign-in.failed", { accountId: account.id, reason: "not-activated" });
    await recordAudit({ event: "sign_in_failed", outcome: "not-activated", accountId: account.id, ipGroup }, now);
    return { ok: false, reason: "not-activated", email: account.email };
  }
  await resetSignInThrottle(keys);
  const session = await createSession(account.id, now);
  log.info("sign-in.succeeded", { accountId: account.id });
  await recordAudit({ event: "sign_in", outcome: "ok", accountId: account.id, ipGroup }, now);
  return { ok: true, ...session };
}
