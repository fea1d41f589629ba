import "server-only";
import { db } from "@/lib/server/db/client";
import { skipSecondStepFor, type TrustedBrowser } from "@/lib/server/identity/trusted-devices";
import { acceptTotpCode } from "@/lib/server/methods/authenticator-app/app";
import { liveCode, redeemCode } from "@/lib/server/methods/code/one-time-code";
import { queueTwoStepNotice } from "@/lib/server/methods/authenticator-app/notice";
import { looksLikeRecoveryCode, spendRecoveryCode } from "@/lib/server/methods/recovery-code/recovery-codes";
import { consumeLimit, LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { startSession, type BrowserSigningIn, type FirstStep, type StartedSession } from "./session-start";

// The second step of a sign-in, for an account with two-step verification on: after the password (or a text-message
// code) was right, the browser is half signed in: a SecondStep row behind an HttpOnly cookie, 5 minutes, no
// session, so no account page opens. A code from the authenticator app, or a recovery code, then starts the
// session. Each code typed counts against the account's limit first (LIMITS.secondStepPerAccount: 5 per 15
// minutes, refilled by a right one), whatever browser it comes from: the password is known by then, and this
// step is what stands.

export const SECOND_STEP_LIFETIME_MS = 5 * 60 * 1000;

/** The half-signed-in state handed to the browser: the cookie's token and when it stops working. */
export type SecondStepStarted = { token: string; expiresAt: Date };

/**
 * Whether a sign-in of `account` whose first step passed must take the second: two-step is on (read with the account,
 * db/tables/accounts.ts) and this browser was not trusted for it ("trust this browser for 30 days").
 */
export function secondStepNeeded({ account, browser }: { account: { twoStep: boolean }; browser?: TrustedBrowser }): boolean {
  return account.twoStep && !browser?.skipsSecondStep;
}

/** Records that `accountId` passed its first step; the second is awaited for 5 minutes. */
export async function beginSecondStep({ accountId, firstStep, now }: { accountId: string; firstStep: FirstStep; now: Date }): Promise<SecondStepStarted> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SECOND_STEP_LIFETIME_MS);
  await db.secondStep.create({ data: { tokenHash: hashSecret(token), accountId, firstStep, check: "two-step", createdAt: now, expiresAt } });
  // Half-finished sign-ins of the past are of no use to anyone: cleared as the account starts another.
  await db.secondStep.deleteMany({ where: { accountId, expiresAt: { lte: now } } });
  return { token, expiresAt };
}

/** What the second step asks: two-step's code, or the new-device check's code sent to the account (new-device.ts). */
export type SecondStepCheck = "two-step" | "new-device";

export type PendingSecondStep = { accountId: string; firstStep: FirstStep; check: SecondStepCheck; expiresAt: Date };

/** The half-signed-in state `token` stands for, if it is still good. */
export async function pendingSecondStep({ token, now }: { token?: string; now: Date }): Promise<PendingSecondStep | null> {
  if (!isSecretShaped(token)) return null;
  const row = await db.secondStep.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.expiresAt <= now) return null;
  return {
    accountId: row.accountId,
    firstStep: row.firstStep === "sms-code" ? "sms-code" : "password",
    check: row.check === "new-device" ? "new-device" : "two-step",
    expiresAt: row.expiresAt,
  };
}

/** Where the new-device check's code went (the newest live one), for the page to say. */
export async function newDeviceCodeSentTo({ accountId, now }: { accountId: string; now: Date }): Promise<string | null> {
  return (await liveCode({ accountId, purpose: "new_device", now }))?.sentTo ?? null;
}

export type SecondStepResult =
  | ({ ok: true; recoveryCodesLeft: number | null } & StartedSession)
  /** "dead": the new-device code's tries are used up, or a newer one replaced it (sign in again for a new one). */
  | { ok: false; reason: "expired" | "dead" }
  /** `check`: which code was wrong, for the page's words. */
  | { ok: false; reason: "wrong"; check: SecondStepCheck }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/**
 * Finishes a sign-in with a code from the authenticator app or a recovery code. `trustBrowser`: this browser skips
 * the second step for 30 days (through its trusted-device cookie, which the session start sets if it had none).
 */
export async function completeSecondStep(
  { token, code, trustBrowser, browser }: { token?: string; code: string; trustBrowser: boolean; browser: BrowserSigningIn },
  context: RequestContext,
): Promise<SecondStepResult> {
  const { now } = context;
  const pending = await pendingSecondStep({ token, now });
  if (!pending) return { ok: false, reason: "expired" };
  const { accountId } = pending;
  const allowed = await consumeLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  // Refused by the limit: no audit row (security/audit.ts leaves "limited" out, so a script cannot grow the trail).
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  if (pending.check === "new-device") return completeNewDeviceCheck({ token: token!, pending, code, browser }, context);
  const byRecoveryCode = looksLikeRecoveryCode(code);
  const recoveryCodesLeft = byRecoveryCode ? await spendRecoveryCode({ accountId, typed: code, now }) : null;
  const right = byRecoveryCode ? recoveryCodesLeft !== null : await acceptTotpCode({ accountId, code: code.replace(/\s/g, ""), now });
  if (!right) {
    await afterCommit(context, {
      audit: [{ event: "second_step_failed", outcome: byRecoveryCode ? "wrong-recovery-code" : "wrong-code", accountId, by: "owner" }],
      log: { event: "second-step.failed", fields: { accountId } },
    });
    return { ok: false, reason: "wrong", check: "two-step" };
  }
  // Used once: of two requests finishing the same half-signed-in state, one starts a session.
  const { count } = await db.secondStep.deleteMany({ where: { tokenHash: hashSecret(token!) } });
  if (count !== 1) return { ok: false, reason: "expired" };
  await resetLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, email: true, locale: true } });
  const secondStep = byRecoveryCode ? "recovery-code" : "totp";
  const session = await startSession({ account, browser, method: pending.firstStep, secondStep }, context);
  const deviceToken = session.device?.token ?? browser.deviceToken;
  if (trustBrowser && deviceToken) await skipSecondStepFor({ token: deviceToken, accountId, now });
  if (byRecoveryCode) {
    await afterCommit(context, {
      send: await queueTwoStepNotice({ account, notice: "codeUsed", left: recoveryCodesLeft ?? 0, now }),
      audit: [{ event: "recovery_code_used", outcome: `${recoveryCodesLeft} left`, accountId, by: "owner" }],
    });
  }
  return { ok: true, recoveryCodesLeft, ...session };
}

/** The new-device check's code (one-time-code.ts: its own 5 tries, only the newest): right, the session starts. */
async function completeNewDeviceCheck(
  { token, pending, code, browser }: { token: string; pending: PendingSecondStep; code: string; browser: BrowserSigningIn },
  context: RequestContext,
): Promise<SecondStepResult> {
  const { now } = context;
  const { accountId } = pending;
  const check = await redeemCode({ accountId, purpose: "new_device", typed: code.replace(/\s/g, ""), now });
  if (!check.ok) {
    await afterCommit(context, { audit: [{ event: "code_failed", outcome: `new-device-${check.reason}`, accountId, by: "owner" }] });
    return check.reason === "wrong" ? { ok: false, reason: "wrong", check: "new-device" } : { ok: false, reason: "dead" };
  }
  const { count } = await db.secondStep.deleteMany({ where: { tokenHash: hashSecret(token) } });
  if (count !== 1) return { ok: false, reason: "expired" };
  await resetLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, locale: true } });
  // The session start trusts this browser (its cookie): the check comes once per browser.
  const session = await startSession({ account, browser, method: pending.firstStep }, context);
  await afterCommit(context, { audit: [{ event: "new_device_sign_in", outcome: "ok", accountId, by: "owner" }] });
  return { ok: true, recoveryCodesLeft: null, ...session };
}
