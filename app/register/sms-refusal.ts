import "server-only";
import type { actionMessages } from "@/app/_lib/i18n/action-messages";
import type { SmsRefusal } from "@/lib/server/security/sms-guard";
import { waitParts } from "@/lib/shared/i18n/wait";

const MESSAGES = {
  cooldown: "checkPhone.sms.cooldown",
  "number-daily": "checkPhone.sms.numberDaily",
  address: "checkPhone.sms.address",
  "calling-code": "checkPhone.sms.callingCode",
  budget: "checkPhone.sms.budget",
  country: "checkPhone.sms.country",
} as const satisfies Record<SmsRefusal, string>;

/** Why no text message was sent, said calmly in the request's language, with the wait when waiting helps. */
export function smsRefusalMessage(m: Awaited<ReturnType<typeof actionMessages>>, { refusal, retryAfterMs }: { refusal: SmsRefusal; retryAfterMs: number }): string {
  return m.t(MESSAGES[refusal], { wait: m.t("common.waitFor", waitParts(retryAfterMs)) });
}
