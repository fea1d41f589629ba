import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/server/db/client";

// Every limit of the portal, each once. Counters live in the database (RateLimiterFlexible rows), so all app
// instances share them; nothing is counted in process memory. Limits are on in every environment.
export const LIMITS = {
  /** Step 2 submissions from one address (IPv4, or IPv6 /64). */
  signUpPerIp: { keyPrefix: "sign-up-ip", points: 5, durationSec: 10 * 60 },
  /** Step 2 submissions for one email address. */
  signUpPerAddress: { keyPrefix: "sign-up-address", points: 3, durationSec: 60 * 60 },
  /** Activation emails asked for one address, on top of the 60 s cooldown; then "try again tomorrow". */
  resendPerAddress: { keyPrefix: "resend-address", points: 5, durationSec: 60 * 60 },
  /** Failed sign-ins from one address. */
  signInFailuresPerIp: { keyPrefix: "sign-in-failures-ip", points: 20, durationSec: 10 * 60 },
  /** Consecutive failed sign-ins of one account (or one unknown identifier), forgotten after a day. */
  signInFailuresPerAccount: { keyPrefix: "sign-in-failures-account", points: 1_000_000, durationSec: 24 * 60 * 60 },
  /** The pause a run of failures imposes on one account; set by lockAccount, read by accountLock. */
  signInLock: { keyPrefix: "sign-in-lock", points: 1, durationSec: 15 * 60 },
  /** Captcha images from one address. */
  captchaImagesPerIp: { keyPrefix: "captcha-ip", points: 30, durationSec: 60 },
} as const;

export type Limit = (typeof LIMITS)[keyof typeof LIMITS];

/** Sign-in asks for a captcha once an account or an address has this many recent failures. */
export const SIGN_IN_CAPTCHA_AFTER_FAILURES = 3;
/** Failures an account may have before each further one pauses it. */
export const SIGN_IN_FREE_FAILURES = 5;
const LOCK_FIRST_MS = 60 * 1000;
const LOCK_MAX_MS = 15 * 60 * 1000;

/** The pause after `failures` consecutive failures: none for the first five, then 1, 2, 4, 8, 15, 15… minutes. */
export function lockoutMs(failures: number): number {
  if (failures <= SIGN_IN_FREE_FAILURES) return 0;
  return Math.min(LOCK_MAX_MS, LOCK_FIRST_MS * 2 ** (failures - SIGN_IN_FREE_FAILURES - 1));
}

const limiters = new Map<string, RateLimiterPrisma>();

function limiter(limit: Limit): RateLimiterPrisma {
  let found = limiters.get(limit.keyPrefix);
  if (!found) {
    found = new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimiterFlexible", // the Prisma client's accessor for the RateLimiterFlexible model
      keyPrefix: limit.keyPrefix,
      points: limit.points,
      duration: limit.durationSec,
    });
    limiters.set(limit.keyPrefix, found);
  }
  return found;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts one attempt; refused once the limit is used up, with the time until it frees. */
export async function consumeLimit(limit: Limit, key: string): Promise<LimitResult> {
  try {
    await limiter(limit).consume(key);
    return { ok: true };
  } catch (rejection) {
    // rate-limiter-flexible rejects with a RateLimiterRes when the limit is reached, with an Error otherwise.
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1000, rejection.msBeforeNext) };
    throw rejection;
  }
}

/** How many attempts are counted now, without counting one. */
export async function countedAttempts(limit: Limit, key: string): Promise<number> {
  return (await limiter(limit).get(key))?.consumedPoints ?? 0;
}

/** Whether the limit is used up right now, without counting an attempt. */
export async function limitReached(limit: Limit, key: string): Promise<LimitResult> {
  const res = await limiter(limit).get(key);
  if (!res || res.consumedPoints < limit.points) return { ok: true };
  return { ok: false, retryAfterMs: Math.max(1000, res.msBeforeNext) };
}

export async function resetLimit(limit: Limit, key: string): Promise<void> {
  await limiter(limit).delete(key);
}

/** Pauses sign-in for `key` for `ms`. */
export async function lockAccount(key: string, ms: number): Promise<void> {
  await limiter(LIMITS.signInLock).block(key, Math.ceil(ms / 1000));
}

/** The remaining pause of `key`, or null when it may try. */
export async function accountLock(key: string): Promise<number | null> {
  const res = await limiter(LIMITS.signInLock).get(key);
  return res && res.consumedPoints > LIMITS.signInLock.points && res.msBeforeNext > 0 ? res.msBeforeNext : null;
}
