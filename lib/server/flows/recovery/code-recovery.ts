import "server-only";
import type { Composer } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/identity/passwords";
import { endCodes, redeemCode as checkCode } from "@/lib/server/methods/code/one-time-code";
import { composeCodeSms } from "@/lib/server/methods/code/sms";
import { endActivationLinks } from "@/lib/server/methods/email-link/activation";
import { passwordChangedNotice, replacePassword } from "@/lib/server/methods/password/replace";
import type { HumanCheck } from "@/lib/server/security/human-check";
import type { MobileNumber } from "@/lib/shared/phone-number";
import { afterCommit } from "../after-commit";
import { plainContext, type RequestContext } from "../context";
import {
  answerWithoutCode,
  askForCode,
  closeCodeRequest,
  countTypedCode,
  numberOf,
  openCodeRequest,
  renewCodeRequest,
  type CodeAskResult,
  type CodeBasis,
  type CodeRequest,
} from "../code-request";

// Forgot password through a phone: the number, the captcha and proof of work, a recovery code by SMS if an account
// has the number (answered alike otherwise: flows/code-request.ts), the code typed, then a new password with the
// same effects as the emailed link (password-reset.ts): every session ends, every other trusted browser is
// forgotten, a pending account becomes active (the code proves the phone). A recovery code is of its own purpose:
// a sign-in code never resets a password, and a recovery code never signs in.

export type RecoveryCodeAsked = { ok: true; cookie: string; expiresAt: Date } | Exclude<CodeAskResult, { ok: true }>;

export async function requestRecoveryCode(
  { number, human }: { number: MobileNumber; human: Omit<HumanCheck, "purpose" | "ipGroup"> },
  context: RequestContext,
): Promise<RecoveryCodeAsked> {
  const asked = await askForCode({ number, kind: "recovery_code", human }, context);
  if (!asked.ok) return asked;
  return { ok: true, ...(await openCodeRequest({ purpose: "recovery", e164: number.e164, now: context.now })) };
}

/** "Resend code": this request passed the captcha already; the SMS guards still apply. */
export async function resendRecoveryCode({ request }: { request: CodeRequest }, context: RequestContext): Promise<CodeAskResult> {
  const asked = await askForCode({ number: numberOf(request), kind: "recovery_code", human: {}, skipHumanCheck: true }, context);
  if (asked.ok) await renewCodeRequest(request, context.now);
  return asked;
}

/** The worker's writer of recovery codes (instrumentation.ts): a code for the account with this number, pending or active. */
export const composeRecoveryCode: Composer = async ({ composeFrom, now }) => {
  const { e164, ipGroup } = JSON.parse(composeFrom) as CodeBasis;
  const account = await db.account.findUnique({ where: { phone: e164 }, select: { id: true, locale: true } });
  await afterCommit(plainContext({ now, ipGroup }), {
    audit: [{ event: "password_reset_requested", outcome: account ? "sent-sms" : "unknown", accountId: account?.id, by: "stranger" }],
  });
  if (!account) return { drop: "unknown" };
  return composeCodeSms({ account, purpose: "recovery", to: e164, now });
};

export type RecoveryCodeResult =
  | { ok: true; cookie: string; expiresAt: Date }
  | { ok: false; reason: "wrong"; triesLeft: number }
  | { ok: false; reason: "expired" | "dead" };

/**
 * The typed recovery code. Right: the request becomes the new-password step (a cookie of its own). For a number
 * without an account, a wrong code's answer, its tries counted on the request, dead after as many as a real code.
 */
export async function checkRecoveryCode({ request, typed }: { request: CodeRequest; typed: string }, context: RequestContext): Promise<RecoveryCodeResult> {
  const { now } = context;
  if (request.purpose !== "recovery") return { ok: false, reason: "expired" };
  const account = await db.account.findUnique({ where: { phone: request.e164 }, select: { id: true } });
  const typedHere = await countTypedCode(request);
  // A request that has ended (used, or past its code's life) takes no more codes, whoever's the number.
  const check =
    typedHere === null
      ? ({ ok: false, reason: "expired" } as const)
      : account
        ? await checkCode({ accountId: account.id, purpose: "recovery", typed, now })
        : answerWithoutCode(typedHere);
  if (!account || !check.ok) {
    if (account && !check.ok) await afterCommit(context, { audit: [{ event: "code_failed", outcome: `recovery-${check.reason}`, accountId: account.id, by: "stranger" }] });
    return check.ok ? { ok: false, reason: "expired" } : check;
  }
  await closeCodeRequest(request);
  return { ok: true, ...(await openCodeRequest({ purpose: "recovery_proven", e164: request.e164, now })) };
}

export type CodeResetResult = { ok: true; activatedMiId: string | null } | { ok: false; reason: "invalid" };

/** The new password (it has passed the rule), once, for the account whose recovery code was right on this request. */
export async function completeCodeReset(
  { request, password, keepDeviceToken }: { request: CodeRequest; password: string; keepDeviceToken?: string },
  context: RequestContext,
): Promise<CodeResetResult> {
  const { now } = context;
  if (request.purpose !== "recovery_proven") return { ok: false, reason: "invalid" };
  const account = await db.account.findUnique({ where: { phone: request.e164 }, select: { id: true, email: true, locale: true, status: true, miId: true } });
  if (!account) return { ok: false, reason: "invalid" };
  const passwordHash = await hashPassword(password);
  const notice = await passwordChangedNotice(account);
  // Of two presses racing, the one that ends the request sets the password.
  if (!(await closeCodeRequest(request))) return { ok: false, reason: "invalid" };
  const changed = await db.$transaction(async (tx) => {
    const activating = account.status === "pending";
    if (activating) {
      await tx.account.update({ where: { id: account.id }, data: { status: "active", activatedAt: now } });
      await endActivationLinks(tx, account.id);
      await endCodes(tx, { accountId: account.id, purpose: "registration" });
    }
    await endCodes(tx, { accountId: account.id, purpose: "recovery" });
    const send = await replacePassword(tx, { account, passwordHash, keep: { deviceToken: keepDeviceToken }, notice, now });
    return { send, activating };
  });
  await afterCommit(context, {
    send: changed.send,
    audit: [{ event: "password_reset", outcome: changed.activating ? "ok-activated-sms" : "ok-sms", accountId: account.id, by: "owner" }],
    log: { event: "password-reset.completed", fields: { accountId: account.id, activated: changed.activating, by: "sms" } },
  });
  return { ok: true, activatedMiId: changed.activating ? account.miId : null };
}
