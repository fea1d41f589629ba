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
import type { RequestContext } from "./context";

// A code asked for by text message (sign in "using a text message", forgot password by phone), from the request to
// the page where it is typed. Which number that page is about is kept by the server: the browser holds a random id
// with the number in an HttpOnly cookie, and only a row keyed by the hash of that whole value (made when the
// captcha was passed) makes it count, so a number written into the cookie by hand names nothing. The row also
// counts the codes typed, so a number without an account runs out of tries exactly like one with a code.
//
// The row lives in the counters' table (RateLimitCounter: a key, a number, an expiry, swept when expired): the state
// is one number and one date, and a table of its own would hold nothing more.

export const CODE_REQUEST_COOKIE = cookieName("mi_code_request");
const KEY_PREFIX = "code-request";
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
  /** The stored row's key. */
  key: string;
};

const rowKey = (cookie: string) => `${KEY_PREFIX}:${hashSecret(cookie)}`;

/** A new request for the page; returns the cookie's value. A browser's earlier one is forgotten with its cookie (its row expires). */
export async function openCodeRequest({ purpose, e164, now }: { purpose: CodeRequestPurpose; e164: string; now: Date }): Promise<{ cookie: string; expiresAt: Date }> {
  const cookie = `${newSecret()}.${purpose}.${e164}`;
  const expiresAt = new Date(now.getTime() + LIFETIME_MS);
  await db.rateLimitCounter.create({ data: { key: rowKey(cookie), points: 0, expire: expiresAt } });
  return { cookie, expiresAt };
}

export async function loadCodeRequest(cookie: string | undefined, now: Date): Promise<CodeRequest | null> {
  if (typeof cookie !== "string" || cookie.length > 120) return null;
  const [id, purpose, e164, ...rest] = cookie.split(".");
  if (rest.length > 0 || !isSecretShaped(id) || !PURPOSES.includes(purpose as CodeRequestPurpose) || !/^\+[1-9][0-9]{5,14}$/.test(e164 ?? "")) return null;
  const key = rowKey(cookie);
  const row = await db.rateLimitCounter.findUnique({ where: { key } });
  if (!row?.expire || row.expire <= now) return null;
  const sentAt = row.expire.getTime() - LIFETIME_MS;
  const resendWaitSeconds = Math.max(0, Math.ceil((sentAt + CODE_RESEND_COOLDOWN_SECONDS * 1000 - now.getTime()) / 1000));
  return { purpose: purpose as CodeRequestPurpose, e164: e164!, typed: row.points, expiresAt: row.expire, resendWaitSeconds, key };
}

/** A new code went out for this request: its tries start again, and it lives as long as the new code. */
export async function renewCodeRequest(request: CodeRequest, now: Date): Promise<void> {
  await db.rateLimitCounter.updateMany({ where: { key: request.key }, data: { points: 0, expire: new Date(now.getTime() + LIFETIME_MS) } });
}

/** One more code typed on this request: how many have been, this one included; null once the request has ended. */
export async function countTypedCode(request: CodeRequest): Promise<number | null> {
  const counted = await db.rateLimitCounter.updateMany({ where: { key: request.key }, data: { points: { increment: 1 } } });
  if (counted.count !== 1) return null;
  return (await db.rateLimitCounter.findUnique({ where: { key: request.key } }))?.points ?? null;
}

/** Ends the request; true for the one call that ended it (two presses racing: one wins). */
export async function closeCodeRequest(request: CodeRequest): Promise<boolean> {
  return (await db.rateLimitCounter.deleteMany({ where: { key: request.key } })).count === 1;
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
