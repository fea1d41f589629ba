import "server-only";
import { db } from "@/lib/server/db/client";
import type { Sql } from "@/lib/server/db/sql";
import { decrementCounter, incrementCounter, readCounter } from "@/lib/server/db/tables/rate-limit-counters";
import { occasionalSweep } from "@/lib/server/ops/sweep";

// The portal's request limits, each once (sign-in's own are in lib/server/flows/login/throttle.ts). Counters
// live in the database (RateLimitCounter rows), so all app instances share them; nothing is counted in
// process memory. Limits are on in every environment.
export const LIMITS = {
  /**
   * Step 2 submissions from one address (IPv4, or IPv6 /64). A household or an office is one address: 20 people
   * there may all sign up within minutes. What a bot gets from the rest, each with a captcha and a proof of work
   * solved: 30 activation emails an hour (at most 3 to any one mailbox, below), 30 pending accounts that expire
   * unused, and 30 bcrypt hashes (under 10 s of CPU an hour at cost 12).
   */
  registrationPerIp: { keyPrefix: "registration-ip", points: 30, durationSec: 60 * 60 },
  /** Step 2 submissions for one email address. */
  registrationPerAddress: { keyPrefix: "registration-address", points: 3, durationSec: 60 * 60 },
  /** Activation emails asked for one address, on top of the 60 s cooldown; then "try again tomorrow". */
  resendPerAddress: { keyPrefix: "resend-address", points: 5, durationSec: 60 * 60 },
  /**
   * Activation emails asked from one address group, whatever addresses are typed: each queues a message the outbox
   * worker must write or drop (methods/email-link/resend.ts), so a script typing new addresses must not fill its
   * queue ahead of everyone's mail. 30 covers a household or an office.
   */
  resendPerIp: { keyPrefix: "resend-ip", points: 30, durationSec: 10 * 60 },
  /** "Forgot password" requests for one typed email or Mi Account ID, and from one address group. */
  resetPerIdentifier: { keyPrefix: "reset-identifier", points: 5, durationSec: 60 * 60 },
  resetPerIp: { keyPrefix: "reset-ip", points: 10, durationSec: 10 * 60 },
  /**
   * Second-step codes (an authenticator app's, or a recovery code) typed for one account, right or wrong: on the
   * second step of a sign-in and when turning two-step off. A right one refills it. A trusted browser gets no
   * budget of its own here: the second step is what stands when the password is known.
   */
  secondStepPerAccount: { keyPrefix: "second-step-account", points: 5, durationSec: 15 * 60 },
  /**
   * New-device codes sent for one account (flows/login/new-device.ts): each right password typed in a new browser
   * mails (or texts) one, and a right password refills the sign-in throttle, so without this whoever has the
   * password could fill the owner's mailbox. Five an hour; then the sign-in waits.
   */
  newDeviceCodesPerAccount: { keyPrefix: "new-device-account", points: 5, durationSec: 60 * 60 },
  /** Current-password checks on the account page (change password, delete account), per account. */
  passwordChecksPerAccount: { keyPrefix: "password-checks-account", points: 5, durationSec: 15 * 60 },
  /**
   * Binding codes (an email or a phone number added to the account on its page) asked for by one account, whatever
   * the address or number: each is a message sent to someone, so a signed-in script gets five an hour, not a flood.
   */
  bindingRequestsPerAccount: { keyPrefix: "binding-account", points: 5, durationSec: 60 * 60 },
  /** Binding a phone number with the image alone (no proof of work), from one address. */
  bindingWithoutPowPerIp: { keyPrefix: "binding-no-pow-ip", points: 5, durationSec: 10 * 60 },
  /**
   * Passkey challenges handed out to one address group (the sign-in page asks for one as it opens, for the browser's
   * autofill, and one per "Sign in with a passkey" press): each is a database row until used or 5 minutes old. An
   * office behind one address opens the sign-in page often; past the limit only passkeys wait (the button says how
   * long; the autofill just does not offer them), the password form works on.
   */
  passkeyChallengesPerIp: { keyPrefix: "passkey-challenge-ip", points: 60, durationSec: 60 },
  /** Captcha images from one address. */
  captchaImagesPerIp: { keyPrefix: "captcha-ip", points: 30, durationSec: 60 },
  /** Proof-of-work challenges from one address. */
  powChallengesPerIp: { keyPrefix: "pow-ip", points: 30, durationSec: 60 },
  /** Step 2 submissions from one address with the image alone (no proof of work: JavaScript off, or a script). */
  registrationWithoutPowPerIp: { keyPrefix: "registration-no-pow-ip", points: 2, durationSec: 10 * 60 },
  /** Sign-ins past the captcha threshold with the image alone, from one address. */
  signInWithoutPowPerIp: { keyPrefix: "sign-in-no-pow-ip", points: 5, durationSec: 10 * 60 },
  /** Passwords typed on an activation page opened in another browser than the registering one (activation.ts). */
  activationPasswordPerAccount: { keyPrefix: "activation-password-account", points: 5, durationSec: 15 * 60 },
  activationPasswordPerIp: { keyPrefix: "activation-password-ip", points: 10, durationSec: 10 * 60 },
  /**
   * The image's stand-in (the hard proof of work, for people who cannot see it): challenges from one address an
   * hour at the base work. Never refused; past it each challenge costs more (security/proof-of-work.ts).
   */
  captchaAlternativePerIp: { keyPrefix: "captcha-alternative-ip", points: 20, durationSec: 60 * 60 },
  /*
   * Text messages (codes), which cost money per message: security/sms-guard.ts applies these, in this order, before
   * any code is sent, on top of the captcha and proof of work of the page that asks; SMS_HOURLY_MAX caps them all.
   * One number: a code a minute (the "Resend code" countdown), five a day.
   */
  smsCooldownPerNumber: { keyPrefix: "sms-cooldown-number", points: 1, durationSec: 60 },
  smsPerNumberDaily: { keyPrefix: "sms-number-day", points: 5, durationSec: 24 * 60 * 60 },
  /** One address group (a household, an office): ten codes an hour, whatever numbers. */
  smsPerIp: { keyPrefix: "sms-ip", points: 10, durationSec: 60 * 60 },
  /**
   * One calling code (+86, +44…): SMS pumping rents premium ranges in a few countries, so a flood to one country
   * stops at this, leaving the rest of the budget to everyone else's.
   */
  smsPerCallingCode: { keyPrefix: "sms-calling-code", points: 200, durationSec: 60 * 60 },
} as const;

/** A counter: at most `points` attempts per `durationSec` for one key, under its own key prefix. */
export type Limit = { readonly keyPrefix: string; readonly points: number; readonly durationSec: number };

/** One counter of one limit; `within`: the caller's open statement scope (withKeysLocked), else each statement alone. */
export type LimitCall = { limit: Limit; key: string; within?: Sql };

// Rows are keyed "<keyPrefix>:<key>".
const storedKey = (limit: Limit, key: string) => `${limit.keyPrefix}:${key}`;

// Windows expired over an hour ago are deleted every 5 minutes; an expired row meanwhile simply starts again.
const sweepExpired = occasionalSweep({
  name: "rate-limit",
  everyMs: 5 * 60 * 1000,
  sweep: (now) => db.rateLimitCounter.deleteMany({ where: { expire: { lt: new Date(now.getTime() - 60 * 60 * 1000) } } }),
});

export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts one attempt; refused once the limit is used up, with the time until it frees. */
export async function consumeLimit({ limit, key }: { limit: Limit; key: string }): Promise<LimitResult> {
  const { count, retryAfterMs } = await countAttempt({ limit, key });
  return count <= limit.points ? { ok: true } : { ok: false, retryAfterMs };
}

export async function resetLimit({ limit, key }: { limit: Limit; key: string }): Promise<void> {
  await db.rateLimitCounter.deleteMany({ where: { key: storedKey(limit, key) } });
}

/**
 * Counts one attempt whatever the limit says, and tells its place: the n-th within the window. One statement
 * (an expired window starts again at 1), so concurrent attempts each get a different place.
 */
export async function countAttempt({ limit, key, within }: LimitCall): Promise<{ count: number; retryAfterMs: number }> {
  const now = new Date();
  if (!within) sweepExpired(now);
  const expire = new Date(now.getTime() + limit.durationSec * 1000);
  const row = await incrementCounter({ key: storedKey(limit, key), now, expire }, within);
  return { count: row.points, retryAfterMs: Math.max(1000, row.expire.getTime() - now.getTime()) };
}

/** How many attempts the live window of this counter holds (0 when there is none), counting nothing. */
export async function liveCount({ limit, key, now = new Date() }: { limit: Limit; key: string; now?: Date }): Promise<number> {
  return readCounter({ key: storedKey(limit, key), now });
}

/**
 * Takes back one attempt counted by countAttempt (it turned out not to count: a right password, say). A live
 * count above zero goes down by one; an expired or missing one is left alone.
 */
export async function refundAttempt({ limit, key, within }: LimitCall): Promise<void> {
  await decrementCounter({ key: storedKey(limit, key), now: new Date() }, within);
}
