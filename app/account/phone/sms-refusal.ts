import "server-only";
import type { actionMessages } from "@/app/_lib/i18n/action-messages";
import type { SmsRefusal } from "@/lib/server/security/sms-guard";
import { waitParts } from "@/lib/shared/i18n/wait";

type Messages = Awaited<ReturnType<typeof actionMessages>>;

/** Each SMS guard's refusal in calm words: what happened and what the person can do (wait, or use email). */
export function smsRefusalMessage({ t }: Messages, { refusal, retryAfterMs }: { refusal: SmsRefusal; retryAfterMs: number }): string {
  const wait = t("common.waitFor", waitParts(retryAfterMs));
  switch (refusal) {
    case "country":
      return t("accountSettings.smsCountry");
    case "cooldown":
      return t("accountSettings.smsCooldown", { wait });
    case "number-daily":
      return t("accountSettings.smsNumberDaily");
    case "address":
      return t("accountSettings.smsAddress", { wait });
    case "calling-code":
      return t("accountSettings.smsCallingCode", { wait });
    case "budget":
      return t("accountSettings.smsBudget");
  }
}
