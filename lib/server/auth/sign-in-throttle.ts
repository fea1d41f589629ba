import "server-only";
import { blockedFor, block, consumeLimit, countedAttempts, limitReached, resetLimit } from "@/lib/server/security/rate-limit";

// Every rule that slows down password guessing at sign-in, in one place: a captcha after a few failures, a
// growing pause per account, a cap per client address. Counters are database rows (shared by all instances).
// Unknown identifiers get counters of their own, keyed by what was typed, so they are throttled alike.
export const SIGN_IN_LIMITS = {
  /** Failed sign-ins from one address group (IPv4, or IPv6 /64). */
  failuresPerIp: { keyPrefix: "sign-in-failures-ip", points: 20, durationSec: 10 * 60 },
  /** Consecutive failed sign-ins of one account (or one unknown identifier), forgotten after a day. */
  failuresPerAccount: { keyPrefix: "sign-in-failures-account", points: 1_000_000, durationSec: 24 * 60 * 60 },
  /** The pause a run of failures imposes on one account. */
  pause: { keyPrefix: "sign-in-lock", points: 1, durationSec: 15 * 60 },
} as const;

/** A captcha is asked for once an account or an address has this many recent failures. */
export const SIGN_IN_CAPTCHA_AFTER_FAILURES = 3;
/** Failures an account may have before each further one pauses it. */
export const SIGN_IN_FREE_FAILURES = 5;
const PAUSE_FIRST_MS = 60 * 1000;
const PAUSE_MAX_MS = 15 * 60 * 1000;

/** The pause after `failures` consecutive failures: none for the first five, then 1, 2, 4, 8, 15, 15… minutes. */
export function lockoutMs(failures: number): number {
  if (failures <= SIGN_IN_FREE_FAILURES) return 0;
  return Math.min(PAUSE_MAX_MS, PAUSE_FIRST_MS * 2 ** (failures - SIGN_IN_FREE_FAILURES - 1));
}

/** Whose counters an attempt touches: the client's address group and the account (or the typed identifier). */
export type ThrottleKeys = { ipGroup: string; accountKey: string };

export type ThrottleCheck = { captchaRequired: boolean; accountFailures: number; ipFailures: number } & (
  | { ok: true }
  | { ok: false; reason: "ip-limited" | "locked"; retryAfterMs: number }
);

/** Whether this attempt may check a password now, and whether it must pass a captcha first. Counts nothing. */
export async function checkSignInThrottle(keys: ThrottleKeys): Promise<ThrottleCheck> {
  const ipFailures = await countedAttempts(SIGN_IN_LIMITS.failuresPerIp, keys.ipGroup);
  const accountFailures = await countedAttempts(SIGN_IN_LIMITS.failuresPerAccount, keys.accountKey);
  const counts = {
    ipFailures,
    accountFailures,
    captchaRequired: Math.max(ipFailures, accountFailures) >= SIGN_IN_CAPTCHA_AFTER_FAILURES,
  };
  const ipLimit = await limitReached(SIGN_IN_LIMITS.failuresPerIp, keys.ipGroup);
  if (!ipLimit.ok) return { ...counts, ok: false, reason: "ip-limited", retryAfterMs: ipLimit.retryAfterMs };
  const pausedMs = await blockedFor(SIGN_IN_LIMITS.pause, keys.accountKey);
  if (pausedMs !== null) return { ...counts, ok: false, reason: "locked", retryAfterMs: pausedMs };
  return { ...counts, ok: true };
}

/** Counts a wrong password (or unknown identifier); pauses the account once past the free failures. */
export async function recordSignInFailure(
  keys: ThrottleKeys,
  before: Pick<ThrottleCheck, "ipFailures" | "accountFailures">,
): Promise<{ failures: number; pauseMs: number; captchaRequired: boolean }> {
  await consumeLimit(SIGN_IN_LIMITS.failuresPerIp, keys.ipGroup);
  await consumeLimit(SIGN_IN_LIMITS.failuresPerAccount, keys.accountKey);
  const failures = before.accountFailures + 1;
  const pauseMs = lockoutMs(failures);
  if (pauseMs > 0) await block(SIGN_IN_LIMITS.pause, keys.accountKey, pauseMs);
  return { failures, pauseMs, captchaRequired: Math.max(before.ipFailures + 1, failures) >= SIGN_IN_CAPTCHA_AFTER_FAILURES };
}

/** A right password ends the account's run of failures (the address's count stays: it may be guessing others). */
export async function resetSignInThrottle(keys: ThrottleKeys): Promise<void> {
  await resetLimit(SIGN_IN_LIMITS.failuresPerAccount, keys.accountKey);
}
