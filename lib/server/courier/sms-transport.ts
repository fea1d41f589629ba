import "server-only";
import { devPhoneEnabled, env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { errorSummary, log } from "@/lib/server/log";
import type { Delivery } from "./email-transport";
import { submitSms } from "./smpp/submit";

// How a text message leaves the building: to the SMSC at SMS_URL (SMPP 3.4: ./smpp/), or, with no SMS_URL, into the
// dev phone (the DevSms table, shown at /dev/sms). The outbox decides when; this only delivers one message, and
// never throws: the outcome says whether the courier should retry (throttled, connection lost) or give up (the
// SMSC refused the number for good).

/** `expiresAt`: when the text is worth nothing any more (a code's end), passed on to the SMSC. */
export type Sms = { to: string; text: string; expiresAt?: Date | null };

/** A number as logs show it: the country's first digits and the last two, never the whole subscriber number. */
export function maskedNumber(e164: string): string {
  return e164.length <= 6 ? "…" : `${e164.slice(0, 3)}…${e164.slice(-2)}`;
}

export async function deliverSms(sms: Sms): Promise<Delivery> {
  try {
    if (devPhoneEnabled) {
      await db.devSms.create({ data: { to: sms.to, text: sms.text } });
      log.info("sms.sent", { dev: true });
      return { ok: true };
    }
    const outcome = await submitSms({ url: env.SMS_URL!, from: env.SMS_FROM, to: sms.to, text: sms.text, expiresAt: sms.expiresAt });
    // Never the text: it holds a live code.
    if (outcome.ok) {
      log.info("sms.sent", { to: maskedNumber(sms.to), coding: outcome.coding });
      return { ok: true };
    }
    log.warn("sms.failed", { to: maskedNumber(sms.to), error: outcome.error, permanent: outcome.permanent });
    return outcome;
  } catch (error) {
    log.error("sms.failed", { error: errorSummary(error) });
    return { ok: false, error: errorSummary(error), permanent: false };
  }
}
