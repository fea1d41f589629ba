import "server-only";
import { withKeysLocked, type Sql } from "@/lib/server/db/sql";
import { deleteThrottle, findThrottle, insertThrottle, replaceThrottle } from "@/lib/server/db/tables/sign-in-throttles";
import { countAttempt, liveCount, refundAttempt } from "@/lib/server/security/rate-limit";

// Every rule that slows down password guessing at sign-in, in one place: a captcha once an address group has a
// few recent failures, a growing pause per typed identifier, a cap per client address, and a budget of its own for
// a browser the owner has signed in with. Every attempt is counted *before* its password is checked (reserve),
// then kept (a wrong password) or taken back (reset: a right password); one that lacks a captcha it needs is
// refused before it touches any counter but the address's, and gives that place back at once. So fifty
// concurrent attempts meet exactly the limits fifty sequential ones would. Counters are keyed by what was typed, never by
// the account it names, so they answer alike for registered and unregistered identifiers and never link an
// email to a Mi Account ID.
//
// Whether a captcha is asked for depends on the address group's counter alone, the same for every identifier:
// the sign-in page reads it before the first submit and shows the captcha at once (signInCaptchaShown), and
// one person's failures ask no more of the others behind the same address (a household, an office) than that
// captcha. Guessing at one identifier is bounded by its pause; spraying many from one address, by the address cap.
export const SIGN_IN_LIMITS = {
  /**
   * Failed sign-ins from one address group (IPv4, or IPv6 /64), paused identifiers' refusals included. An hour,
   * so that one bot solving captchas makes at most 100 password checks an hour per address (about 20 s of
   * bcrypt at cost 12), while one person, whose identifier pauses after 5 failures, cannot reach it.
   */
  failuresPerIp: { keyPrefix: "sign-in-failures-ip", points: 100, durationSec: 60 * 60 },
  /** Failed sign-ins from one trusted browser (trusted-devices.ts), which the identifier's pause does not stop. */
  failuresPerDevice: { keyPrefix: "sign-in-failures-device", points: 10, durationSec: 60 * 60 },
} as const;

/** A captcha is asked for, from every identifier, once the address group has this many recent failures. */
export const SIGN_IN_CAPTCHA_AFTER_FAILURES = 3;
/** Failures an identifier may have before each further one pauses it. */
export const SIGN_IN_FREE_FAILURES = 5;
/** An identifier's failures are forgotten this long after its last one. */
export const SIGN_IN_FAILURES_KEPT_MS = 24 * 60 * 60 * 1000;
const PAUSE_FIRST_MS = 60 * 1000;
const PAUSE_MAX_MS = 15 * 60 * 1000;
const RESERVE_TRIES = 200;

/** The pause after `failures` consecutive failures: none for the first five, then 1, 2, 4, 8, 15, 15… minutes. */
export function lockoutMs(failures: number): number {
  if (failures <= SIGN_IN_FREE_FAILURES) return 0;
  return Math.min(PAUSE_MAX_MS, PAUSE_FIRST_MS * 2 ** (failures - SIGN_IN_FREE_FAILURES - 1));
}

/** Whose counters an attempt touches. `trustedDevice` is set only for a browser trusted by the named account. */
export type SignInKeys = { ipGroup: string; identifierKey: string; trustedDevice?: string };

/** An attempt counted and allowed to check its password; a failure keeps it, resetSignInThrottle takes it back. */
export type Reservation = {
  keys: SignInKeys;
  /** Should this attempt fail, the next one must pass a captcha. */
  captchaAfterFailure: boolean;
  /** Its number among the counted failures (of the identifier, or of the trusted browser). */
  attempt: number;
  /** The pause this attempt starts should it fail (set already). */
  pauseMs: number;
};

export type ReserveResult =
  | ({ ok: true } & Reservation)
  | { ok: false; reason: "captcha"; captchaRequired: true }
  | { ok: false; reason: "ip-limited" | "locked"; retryAfterMs: number; captchaRequired: boolean };

/** Whether the attempt that is the address's `ipCount`-th counted one must pass a captcha. */
const needsCaptcha = (ipCount: number) => ipCount - 1 >= SIGN_IN_CAPTCHA_AFTER_FAILURES;

/**
 * Whether the next sign-in from this address group will have to pass a captcha: the sign-in page asks before it
 * renders, so the captcha is there before the first submit. It reads the address's counter only, so its answer is
 * the same whatever identifier is typed next.
 */
export async function signInCaptchaShown({ ipGroup, now }: { ipGroup: string; now: Date }): Promise<boolean> {
  return needsCaptcha((await liveCount({ limit: SIGN_IN_LIMITS.failuresPerIp, key: ipGroup, now })) + 1);
}

/**
 * Counts this attempt on every counter it touches, or refuses it: with nothing counted when the address is used
 * up or a captcha it needs was not passed (`humanChecked`, checked by the caller beforehand); with its place on
 * the address kept when the identifier is paused or the trusted browser's budget used up. The
 * counters are read and written while holding the address's and the identifier's keys (withKeysLocked), so
 * concurrent attempts take their places on all of them in one order, as a sequence would: otherwise one could
 * be early on the address's counter and late on the identifier's, and be asked for a captcha it did not need.
 */
export async function reserveSignInAttempt({ keys, humanChecked, now = new Date() }: { keys: SignInKeys; humanChecked: boolean; now?: Date }): Promise<ReserveResult> {
  const locked = [`ip:${keys.ipGroup}`, keys.trustedDevice ? `device:${keys.trustedDevice}` : `identifier:${keys.identifierKey}`];
  return withKeysLocked(locked, (tx) => reserveWithin({ tx, keys, humanChecked, now }));
}

async function reserveWithin({ tx, keys, humanChecked, now }: { tx: Sql; keys: SignInKeys; humanChecked: boolean; now: Date }): Promise<ReserveResult> {
  const ipLimit = SIGN_IN_LIMITS.failuresPerIp;
  const ip = await countAttempt({ limit: ipLimit, key: keys.ipGroup, within: tx });
  if (ip.count > ipLimit.points) {
    await refundAttempt({ limit: ipLimit, key: keys.ipGroup, within: tx });
    return { ok: false, reason: "ip-limited", retryAfterMs: ip.retryAfterMs, captchaRequired: true };
  }
  if (needsCaptcha(ip.count) && !humanChecked) {
    // The counts rose after the caller looked (a burst): refused like a sequence's next attempt, touching nothing.
    await refundAttempt({ limit: ipLimit, key: keys.ipGroup, within: tx });
    return { ok: false, reason: "captcha", captchaRequired: true };
  }
  const captchaAfterFailure = needsCaptcha(ip.count + 1);
  // A refusal below checks no password (no bcrypt) and keeps its place on the address's counter: one address
  // cannot make the server work without limit by asking again for a paused identifier or an exhausted browser.
  if (keys.trustedDevice) {
    const device = await countAttempt({ limit: SIGN_IN_LIMITS.failuresPerDevice, key: keys.trustedDevice, within: tx });
    if (device.count > SIGN_IN_LIMITS.failuresPerDevice.points) {
      await refundAttempt({ limit: SIGN_IN_LIMITS.failuresPerDevice, key: keys.trustedDevice, within: tx });
      return { ok: false, reason: "locked", retryAfterMs: device.retryAfterMs, captchaRequired: captchaAfterFailure };
    }
    return { ok: true, keys, attempt: device.count, pauseMs: 0, captchaAfterFailure };
  }
  const identifier = await reserveIdentifier(tx, keys.identifierKey, now);
  if (!identifier.ok) return { ok: false, reason: "locked", retryAfterMs: identifier.retryAfterMs, captchaRequired: captchaAfterFailure };
  const { attempt, pauseMs } = identifier;
  return { ok: true, keys, attempt, pauseMs, captchaAfterFailure };
}

/**
 * A right password: the identifier's run of failures ends and the attempt is taken back everywhere. `within`: the
 * transaction that starts the session (session-start.ts), else each statement alone.
 */
export async function resetSignInThrottle(reservation: Reservation, within?: Sql): Promise<void> {
  const { keys } = reservation;
  await Promise.all([
    refundAttempt({ limit: SIGN_IN_LIMITS.failuresPerIp, key: keys.ipGroup, within }),
    keys.trustedDevice ? refundAttempt({ limit: SIGN_IN_LIMITS.failuresPerDevice, key: keys.trustedDevice, within }) : deleteThrottle(keys.identifierKey, within),
  ]);
}

type IdentifierReservation = { ok: true; attempt: number; pauseMs: number } | { ok: false; retryAfterMs: number };

/**
 * Takes the next attempt number of an identifier by compare-and-set: refused while a pause runs; from the sixth
 * attempt on, the attempt itself starts the next pause, so the seventh of a burst is refused like the seventh
 * of a sequence. The first try assumes there is no row, as for most attempts (a first try, or one after a
 * sign-in): one insert, not a read and then a write; only when a row is there is it read.
 */
async function reserveIdentifier(tx: Sql, key: string, now: Date): Promise<IdentifierReservation> {
  for (let tries = 0; tries < RESERVE_TRIES; tries++) {
    const row = tries === 0 ? null : await findThrottle(key, tx);
    const live = row && row.expiresAt > now ? row : null;
    if (live?.pausedUntil && live.pausedUntil > now) {
      return { ok: false, retryAfterMs: Math.max(1000, live.pausedUntil.getTime() - now.getTime()) };
    }
    const attempt = (live?.failures ?? 0) + 1;
    const pauseMs = lockoutMs(attempt);
    const write = {
      key,
      failures: attempt,
      expiresAt: new Date(now.getTime() + SIGN_IN_FAILURES_KEPT_MS),
      pausedUntil: pauseMs > 0 ? new Date(now.getTime() + pauseMs) : null,
      pauseOwner: pauseMs > 0 ? attempt : null,
    };
    // Another attempt may have created or changed the row since it was read: then nothing is written, read again.
    const won = row ? await replaceThrottle(write, row, tx) : await insertThrottle(write, tx);
    if (won) return { ok: true, attempt, pauseMs };
  }
  throw new Error("reserveIdentifier: too much contention on one sign-in counter");
}
