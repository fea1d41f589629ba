import "server-only";
import type { Composer } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { findAccountToSignIn } from "@/lib/server/db/tables/accounts";
import { trustedBrowserOf } from "@/lib/server/identity/trusted-devices";
import { composeCodeSms } from "@/lib/server/methods/code/sms";
import { redeemCode as checkCode } from "@/lib/server/methods/code/one-time-code";
import type { HumanCheck } from "@/lib/server/security/human-check";
import type { MobileNumber } from "@/lib/shared/phone-number";
import { afterCommit } from "../after-commit";
import { plainContext, type RequestContext } from "../context";
import { answerWithoutCode, askForCode, closeCodeRequest, countTypedCode, numberOf, openCodeRequest, renewCodeRequest, type CodeAskResult, type CodeBasis, type CodeRequest } from "../code-request";
import { beginSecondStep, secondStepNeeded, type SecondStepStarted } from "./second-step";
import { startSession, type BrowserSigningIn, type StartedSession } from "./session-start";
import { reserveSignInAttempt, resetSignInThrottle } from "./throttle";

// Sign in "using a text message": the phone number, the captcha and proof of work, then a code by SMS to the
// number if an active account has it, and nothing otherwise; the same answer either way (code-request.ts). The
// typed code is counted by the sign-in throttle under the number's identifier, as a password would be, so codes
// and passwords typed for one number share its pause; a right code signs in exactly like a right password.

export type SignInCodeAsked = ({ ok: true; cookie: string; expiresAt: Date }) | Exclude<CodeAskResult, { ok: true }>;

/** "Send code": whatever the number, the same checks and work; the page then asks for the code. */
export async function requestSignInCode(
  { number, human }: { number: MobileNumber; human: Omit<HumanCheck, "purpose" | "ipGroup"> },
  context: RequestContext,
): Promise<SignInCodeAsked> {
  const asked = await askForCode({ number, kind: "sign_in_code", human }, context);
  if (!asked.ok) return asked;
  return { ok: true, ...(await openCodeRequest({ purpose: "sign_in", e164: number.e164, now: context.now })) };
}

/** "Resend code" on the code page: this request passed the captcha already; the SMS guards still apply. */
export async function resendSignInCode({ request }: { request: CodeRequest }, context: RequestContext): Promise<CodeAskResult> {
  const number = numberOf(request);
  const asked = await askForCode({ number, kind: "sign_in_code", human: {}, skipHumanCheck: true }, context);
  if (asked.ok) await renewCodeRequest(request, context.now);
  return asked;
}

/** The worker's writer of sign-in codes (instrumentation.ts): a code only for an active account with this number. */
export const composeSignInCode: Composer = async ({ composeFrom, now }) => {
  const { e164, ipGroup } = JSON.parse(composeFrom) as CodeBasis;
  const account = await db.account.findUnique({ where: { phone: e164 }, select: { id: true, locale: true, status: true } });
  if (account?.status !== "active") return { drop: "unknown" };
  const message = await composeCodeSms({ account, purpose: "sign_in", to: e164, now });
  await afterCommit(plainContext({ now, ipGroup }), { audit: [{ event: "code_sent", outcome: "sign-in", accountId: account.id, by: "stranger" }] });
  return message;
};

export type CodeSignInResult =
  | ({ ok: true } & StartedSession)
  /** The code was right; the account has two-step verification on: the browser is half signed in. */
  | { ok: false; reason: "second-step"; secondStep: SecondStepStarted }
  | { ok: false; reason: "wrong"; triesLeft: number }
  | { ok: false; reason: "expired" | "dead" }
  | { ok: false; reason: "locked" | "ip-limited"; retryAfterMs: number };

/**
 * The typed code: counted first by the sign-in throttle (the address's cap, the number's pause, or a trusted
 * browser's budget; the captcha was passed when the code was asked for), then checked. For a number without an
 * active account there is no code: the answer is a wrong code's, its tries counted on the request, so it is
 * refused as dead after as many tries as a real code.
 */
export async function signInWithCode(
  { request, typed, browser }: { request: CodeRequest; typed: string; browser: BrowserSigningIn },
  context: RequestContext,
): Promise<CodeSignInResult> {
  const { now, ipGroup } = context;
  // A recovery request never signs in, whatever code is typed on it.
  if (request.purpose !== "sign_in") return { ok: false, reason: "expired" };
  const account = await findAccountToSignIn({ phone: request.e164 });
  const holder = account?.status === "active" ? account : null;
  const trustedBrowser = await trustedBrowserOf({ token: browser.deviceToken, accountId: holder?.id, now });
  const trustedDevice = trustedBrowser?.tokenHash;
  const reservation = await reserveSignInAttempt({ keys: { ipGroup, identifierKey: `phone:${request.e164}`, trustedDevice }, humanChecked: true, now });
  if (!reservation.ok) {
    await afterCommit(context, { audit: [{ event: "sign_in_failed", outcome: "locked", accountId: holder?.id, by: "stranger" }] });
    // A captcha is never asked here (humanChecked): what is left is a pause or the address's cap.
    if (reservation.reason === "captcha") throw new Error("signInWithCode: the throttle asked for a captcha it was told was passed");
    return { ok: false, reason: reservation.reason, retryAfterMs: reservation.retryAfterMs };
  }
  const typedHere = await countTypedCode(request);
  // A request that has ended (used, or past its code's life) takes no more codes, whoever's the number.
  const check =
    typedHere === null
      ? ({ ok: false, reason: "expired" } as const)
      : holder
        ? await checkCode({ accountId: holder.id, purpose: "sign_in", typed, now })
        : answerWithoutCode(typedHere);
  if (!holder || !check.ok) {
    await afterCommit(context, {
      audit: [{ event: "sign_in_failed", outcome: holder ? `code-${check.ok ? "used" : check.reason}` : "unknown-account", accountId: holder?.id, by: "stranger" }],
      log: { event: "sign-in.failed", fields: { accountId: holder?.id, reason: holder ? "code" : "unknown-account", failures: reservation.attempt } },
    });
    return check.ok ? { ok: false, reason: "wrong", triesLeft: 0 } : check;
  }
  await closeCodeRequest(request);
  if (secondStepNeeded({ account: holder, browser: trustedBrowser })) {
    await resetSignInThrottle(reservation);
    return { ok: false, reason: "second-step", secondStep: await beginSecondStep({ accountId: holder.id, firstStep: "sms-code", now }) };
  }
  // The attempt is taken back with the new session's writes (session-start.ts).
  return { ok: true, ...(await startSession({ account: holder, browser, method: "sms-code", reservation }, context)) };
}
