import "server-only";
import { queueUnwrittenMessage } from "@/lib/server/courier/outbox";
import { cookieName } from "@/lib/server/config/cookies";
import { db } from "@/lib/server/db/client";
import type { OutboxKind } from "@/lib/server/db/types";
import { humanVerdict, type HumanCheck } from "@/lib/server/security/human-check";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { admitSms, releaseSms, type SmsRefusal } from "@/lib/server/security/sms-guard";
import { CODE_LIFETIME_MINUTES, CODE_MAX_TRIES, CODE_RESEND_COOLDOWN_SECONDS } from "@/lib/shared/one-time-code";
import { parseMobileNumber, type MobileNumber } from "@/lib/shared/phone-number";
import { occasionalSweep } from "@/lib/server/ops/sweep";
import type { RequestContext } from "./context";

// A code asked for by text message (sign in "using a text message", forgot password by phone), from the request to
// the page where it is typed. Which number that page is about is kept by the server: the browser holds only a
// random id in an HttpOnly cookie, and the CodeRequest row under its hash (made once the captcha was passed) names
// the number and counts the codes typed, so a number without an account runs out of tries exactly like one with a
// code. Rows end with their code's lifetime and are swept once an hour.

export const CODE_REQUEST_COOKIE = cookieName("mi_code_request");
const LIFETIME_MS = CODE_LIFETIME_MINUTES * 60 * 1000;

/** What the page is for: typing a sign-in code, typing a recovery code, or (the code was right) the new password. */
export type CodeRequestPurpose = "sign_in" | "recovery" | "recovery_proven";
const PURPOSES: readonly CodeRequestPurpose[] = ["sign_in", "recovery", "recovery_proven"];

export type CodeRequest = {
  purpose: CodeRequestPurpose;
  /** The number the code went to (if it has an account), E.164. */
  e164: string;
  /** Codes typed since the last one was asked for. */
  typed: number;
  expiresAt: Date;
  /** Seconds until "Resend code" may be pressed (the per-number cooldown, shown). */
  resendWaitSeconds: number;
  /** The stored row's id (the hash of the cookie's). */
  idHash: string;
};

const sweepExpired = occasionalSweep({ name: "code-requests", everyMs: 60 * 60 * 1000, sweep: (now) => db.codeRequest.deleteMany({ where: { expiresAt: { lte: now } } }) });

/** A new request for the page; returns the cookie's value. A browser's earlier one is forgotten with its cookie (its row expires). */
export async function openCodeRequest({ purpose, e164, now }: { purpose: CodeRequestPurpose; e164: string; now: Date }): Promise<{ cookie: string; expiresAt: Date }> {
  sweepExpired(now);
  const cookie = newSecret();
  const expiresAt = new Date(now.getTime() + LIFETIME_MS);
  await db.codeRequest.create({ data: { idHash: hashSecret(cookie), purpose, phone: e164, sentAt: now, expiresAt } });
  return { cookie, expiresAt };
}

export async function loadCodeRequest(cookie: string | undefined, now: Date): Promise<CodeRequest | null> {
  if (!isSecretShaped(cookie)) return null;
  const idHash = hashSecret(cookie);
  const row = await db.codeRequest.findUnique({ where: { idHash } });
  if (!row || row.expiresAt <= now || !PURPOSES.includes(row.purpose as CodeRequestPurpose)) return null;
  const resendWaitSeconds = Math.max(0, Math.ceil((row.sentAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000 - now.getTime()) / 1000));
  return { purpose: row.purpose as CodeRequestPurpose, e164: row.phone, typed: row.typed, expiresAt: row.expiresAt, resendWaitSeconds, idHash };
}

/** A new code went out for this request: its tries start again, and it lives as long as the new code. */
export async function renewCodeRequest(request: CodeRequest, now: Date): Promise<void> {
  await db.codeRequest.updateMany({ where: { idHash: request.idHash }, data: { typed: 0, sentAt: now, expiresAt: new Date(now.getTime() + LIFETIME_MS) } });
}

/** One more code typed on this request: how many have been, this one included; null once the request has ended. */
export async function countTypedCode(request: CodeRequest): Promise<number | null> {
  const counted = await db.codeRequest.updateMany({ where: { idHash: request.idHash }, data: { typed: { increment: 1 } } });
  if (counted.count !== 1) return null;
  return (await db.codeRequest.findUnique({ where: { idHash: request.idHash } }))?.typed ?? null;
}

/** Ends the request; true for the one call that ended it (two presses racing: one wins). */
export async function closeCodeRequest(request: CodeRequest): Promise<boolean> {
  return (await db.codeRequest.deleteMany({ where: { idHash: request.idHash } })).count === 1;
}

export type CodeAskResult = { ok: true } | { ok: false; reason: "captcha" } | { ok: false; reason: "rate-limited" | SmsRefusal; retryAfterMs: number };

/**
 * The one way a code by text message is asked for, whoever's the number: the captcha and proof of work, then the
 * SMS guards (sms-guard.ts), then a message queued unwritten. The worker's composer looks the number up and writes
 * the code only for an account it may go to; for any other number it writes nothing. So the request does the same
 * work, takes the same places under every limit and gets the same answer for a number with an account or without.
 */
export async function askForCode(
  { number, kind, human, skipHumanCheck = false }: { number: MobileNumber; kind: OutboxKind; human: Omit<HumanCheck, "purpose" | "ipGroup">; skipHumanCheck?: boolean },
  context: RequestContext,
): Promise<CodeAskResult> {
  const { ipGroup, now } = context;
  if (!skipHumanCheck) {
    const verdict = await humanVerdict({ ...human, purpose: "sign-in", ipGroup }, now);
    if (!verdict.ok) return verdict;
  }
  const admitted = await admitSms({ number, ipGroup });
  if (!admitted.ok) return admitted;
  try {
    const basis: CodeBasis = { e164: number.e164, ipGroup };
    await queueUnwrittenMessage(db, { kind, channel: "sms", composeFrom: JSON.stringify(basis), now });
  } catch (error) {
    await releaseSms({ number, ipGroup });
    throw error;
  }
  return { ok: true };
}

/** What a queued code message is written from: the number typed, and the address group that asked (for the audit). */
export type CodeBasis = { e164: string; ipGroup: string };

/** The request's number as the SMS guards take it (it was a parsed mobile number when the request was made). */
export function numberOf(request: Pick<CodeRequest, "e164">): MobileNumber {
  const parsed = parseMobileNumber({ input: request.e164 });
  if (!parsed.ok) throw new Error("a code request holds a number that no longer parses");
  return parsed.number;
}

/**
 * The answer to the `typed`-th code typed on a request for a number no code went to: what a real code's wrong tries
 * get (methods/code/one-time-code.ts), "dead" once they are used up, so the two cannot be told apart.
 */
export function answerWithoutCode(typed: number): { ok: false; reason: "wrong"; triesLeft: number } | { ok: false; reason: "dead" } {
  return typed > CODE_MAX_TRIES ? { ok: false, reason: "dead" } : { ok: false, reason: "wrong", triesLeft: CODE_MAX_TRIES - typed };
}
