import "server-only";
import { devPhoneEnabled } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { errorSummary, log } from "@/lib/server/log";
import type { Delivery } from "./email-transport";

// How a text message leaves the building: to the SMSC at SMS_URL (SMPP 3.4), or, with no SMS_URL, into the dev
// phone (the DevSms table, shown at /dev/sms). The outbox decides when; this only delivers one message, and
// never throws: the outcome says whether the courier should retry (throttled, connection lost) or give up (the
// SMSC refused the number for good).

export type Sms = { to: string; text: string };

export async function deliverSms(sms: Sms): Promise<Delivery> {
  try {
    if (devPhoneEnabled) {
      await db.devSms.create({ data: { to: sms.to, text: sms.text } });
      log.info("sms.sent", { dev: true });
      return { ok: true };
    }
    // The SMPP client arrives with the gateway (issue 22, point 5); until then a configured SMS_URL cannot send.
    return { ok: false, error: "SMPP transport not available", permanent: false };
  } catch (error) {
    log.error("sms.failed", { error: errorSummary(error) });
    return { ok: false, error: errorSummary(error), permanent: false };
  }
}
