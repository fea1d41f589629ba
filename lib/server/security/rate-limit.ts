import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";

// The portal's request limits, each once (sign-in's own are in lib/server/auth/sign-in-throttle.ts). Counters
// live in the database (RateLimiterFlexible rows), so all app instances share them; nothing is counted in
// process memory. Limits are on in every environment.
export const LIMITS = {
  /** Step 2 submissions from one address (IPv4, or IPv6 /64). */
  signUpPerIp: { keyPrefix: "sign-up-ip", points: 5, durationSec: 10 * 60 },
  /** Step 2 submissions for one email address. */
  signUpPerAddress: { keyPrefix: "sign-up-address", points: 3, durationSec: 60 * 60 },
  /** Activation emails asked for one address, on top of the 60 s cooldown; then "try again tomorrow". */
  resendPerAddress: { keyPrefix: "resend-address", points: 5, durationSec: 60 * 60 },
  /** "Forgot password" requests for one typed email or Mi Account ID, and from one address group. */
  resetPerIdentifier: { keyPrefix: "reset-identifier", points: 5, durationSec: 60 * 60 },
  resetPerIp: { keyPrefix: "reset-ip", points: 10, durationSec: 10 * 60 },
  /** Current-password checks on the account page (change password, delete account), per account. */
  passwordChecksPerAccount: { keyPrefix: "password-checks-account", points: 5, durationSec: 15 * 60 },
  /** Captcha images from one address. */
  captchaImagesPerIp: { keyPrefix: "captcha-ip", points: 30, durationSec: 60 },
  /** Proof-of-work challenges from one address. */
  powChallengesPerIp: { keyPrefix: "pow-ip", points: 30, durationSec: 60 },
  /** Step 2 submissions from one address with the image alone (no proof of work: JavaScript off, or a script). */
  signUpWithoutPowPerIp: { keyPrefix: "sign-up-no-pow-ip", points: 2, durationSec: 10 * 60 },
  /** Sign-ins past the captcha threshold with the image alone, from one address. */
  signInWithoutPowPerIp: { keyPrefix: "sign-in-no-pow-ip", points: 5, durationSec: 10 * 60 },
  /** The image's stand-in (the hard proof of work, for people who cannot see it), from one address. */
  captchaAlternativePerIp: { keyPrefix: "captcha-alternative-ip", points: 3, durationSec: 60 * 60 },
} as const;

/** A counter: at most `points` attempts per `durationSec` for one key, under its own key prefix. */
export type Limit = { readonly keyPrefix: string; readonly points: number; readonly durationSec: number };

const limiters = new Map<string, RateLimiterPrisma>();

/** The limiter of `limit` on the app's client, or on a transaction's (`within`: counted as part of it). */
function limiter(limit: Limit, within?: TransactionClient): RateLimiterPrisma {
  if (within) {
    // No hourly clean-up timer on a client that lives only as long as its transaction.
    return new RateLimiterPrisma({ storeClient: within, tableName: "rateLimiterFlexible", keyPrefix: limit.keyPrefix, points: limit.points, duration: limit.durationSec, clearExpiredByTimeout: false });
  }
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
  const { count, retryAfterMs } = await countAttempt(limit, key);
  return count <= limit.points ? { ok: true } : { ok: false, retryAfterMs };
}

export async function resetLimit(limit: Limit, key: string): Promise<void> {
  await limiter(limit).delete(key);
}

/**
 * Counts one attempt whatever the limit says, and tells its place: the n-th within the window. The increment
 * is one statement in the database, so concurrent attempts each get a different place.
 */
export async function countAttempt(limit: Limit, key: string, within?: TransactionClient): Promise<{ count: number; retryAfterMs: number }> {
  try {
    const res = await limiter(limit, within).consume(key);
    return { count: res.consumedPoints, retryAfterMs: Math.max(1000, res.msBeforeNext) };
  } catch (rejection) {
    // rate-limiter-flexible rejects with a RateLimiterRes when the limit is passed, with an Error otherwise.
    if (rejection instanceof RateLimiterRes) return { count: rejection.consumedPoints, retryAfterMs: Math.max(1000, rejection.msBeforeNext) };
    throw rejection;
  }
}

/** Takes back one attempt counted by countAttempt (it turned out not to count: a right password, say). */
export async function refundAttempt(limit: Limit, key: string, within?: TransactionClient): Promise<void> {
  await limiter(limit, within).reward(key, 1);
}
