import "server-only";
import { env } from "@/lib/server/config/env";
import { log } from "@/lib/server/log";
import { listCountries } from "@/lib/shared/countries";
import type { MobileNumber } from "@/lib/shared/phone-number";
import { consumeLimit, countAttempt, LIMITS, refundAttempt, type Limit } from "./rate-limit";

// What stands between a request and a text message the operator pays for (SMS pumping: bots sending codes to
// premium numbers until the budget is gone). The number itself must be an ordinary mobile (lib/shared/
// phone-number.ts), of a country the operator allows (SMS_COUNTRIES); then, counted in the database so every app
// instance shares them: one code per number per minute, five per number per day, ten per address group and two
// hundred per calling code an hour, and SMS_HOURLY_MAX in all (LIMITS in rate-limit.ts). The page that asks has
// already checked a captcha and a proof of work.
//
// Each counter is taken in turn and, when a later one refuses, the earlier ones are given back: a refused request
// holds no place anywhere, so the counts are exactly the codes sent, even under parallel bursts, and a number
// refused for the address group's cap is not also put on cooldown.

/** The hourly budget of all text messages, every number and address together (its points are SMS_HOURLY_MAX). */
const budget = (): Limit => ({ keyPrefix: "sms-budget", points: env.SMS_HOURLY_MAX, durationSec: 60 * 60 });
/** Marks the budget's hour as logged, so reaching it writes one log line, not one per refusal. */
const budgetLogged: Limit = { keyPrefix: "sms-budget-logged", points: 1, durationSec: 60 * 60 };

const everyCountry = new Set(listCountries().map((country) => country.code));

export type SmsRefusal = "country" | "cooldown" | "number-daily" | "address" | "calling-code" | "budget";
export type SmsVerdict = { ok: true } | { ok: false; reason: SmsRefusal; retryAfterMs: number };

/** Whether the operator lets texts go to this number's country/region (SMS_COUNTRIES). */
export function smsCountryAllowed(number: Pick<MobileNumber, "region">): boolean {
  return env.SMS_COUNTRIES ? env.SMS_COUNTRIES.includes(number.region) : everyCountry.has(number.region);
}

/**
 * Takes one text message's place under every SMS limit for `number` asked from `ipGroup`, or none: the reason the
 * first refusing limit gives, and how long until it frees. Call it right before queuing the code, for any number
 * typed (known or not: sign-in by code must answer alike).
 */
export async function admitSms({ number, ipGroup }: { number: MobileNumber; ipGroup: string }): Promise<SmsVerdict> {
  if (!smsCountryAllowed(number)) return { ok: false, reason: "country", retryAfterMs: 0 };
  const steps: { limit: Limit; key: string; reason: SmsRefusal }[] = [
    { limit: LIMITS.smsCooldownPerNumber, key: number.e164, reason: "cooldown" },
    { limit: LIMITS.smsPerNumberDaily, key: number.e164, reason: "number-daily" },
    { limit: LIMITS.smsPerIp, key: ipGroup, reason: "address" },
    { limit: LIMITS.smsPerCallingCode, key: number.callingCode, reason: "calling-code" },
    { limit: budget(), key: "all", reason: "budget" },
  ];
  const taken: typeof steps = [];
  for (const step of steps) {
    const { count, retryAfterMs } = await countAttempt({ limit: step.limit, key: step.key });
    if (count <= step.limit.points) {
      taken.push(step);
      continue;
    }
    // Over: this counter and every earlier one are given back, so a refusal holds no place.
    for (const held of [step, ...taken]) await refundAttempt({ limit: held.limit, key: held.key });
    if (step.reason === "budget" && (await consumeLimit({ limit: budgetLogged, key: "all" })).ok) {
      log.error("sms.budget-reached", { hourlyMax: env.SMS_HOURLY_MAX });
    }
    return { ok: false, reason: step.reason, retryAfterMs };
  }
  return { ok: true };
}

/**
 * Gives back the places admitSms took, for a code that was not sent after all (the transaction queuing it failed).
 * Not for a code that was sent: those count whatever became of them.
 */
export async function releaseSms({ number, ipGroup }: { number: MobileNumber; ipGroup: string }): Promise<void> {
  for (const [limit, key] of [
    [LIMITS.smsCooldownPerNumber, number.e164],
    [LIMITS.smsPerNumberDaily, number.e164],
    [LIMITS.smsPerIp, ipGroup],
    [LIMITS.smsPerCallingCode, number.callingCode],
    [budget(), "all"],
  ] as const) {
    await refundAttempt({ limit, key });
  }
}
