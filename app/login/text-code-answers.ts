import "server-only";
import type { actionMessages } from "@/app/_lib/i18n/action-messages";
import type { CodeAskResult } from "@/lib/server/flows/code-request";
import type { SmsRefusal } from "@/lib/server/security/sms-guard";

// What the pages that ask for a code by text message say when it was not sent (sign-in and forgot password alike).

type Words = Awaited<ReturnType<typeof actionMessages>>;

const REFUSED: Record<SmsRefusal, string> = {
  country: "textCode.refused.country",
  cooldown: "textCode.refused.cooldown",
  "number-daily": "textCode.refused.numberDaily",
  address: "textCode.refused.address",
  "calling-code": "textCode.refused.callingCode",
  budget: "textCode.refused.budget",
};

/** A refused ask in words: a captcha problem goes beside the captcha, a limit above the form. */
export function codeAskRefusal(m: Words, result: Exclude<CodeAskResult, { ok: true }>, alternative: boolean, captchaAnswer?: string) {
  if (result.reason === "captcha") {
    const key = alternative ? "fields.captcha.alternativeFailed" : captchaAnswer ? "errors.captcha.wrong" : "errors.captcha.required";
    return { errors: { captcha: [m.t(key)] } };
  }
  if (result.reason === "rate-limited") return { message: m.tooManyTries(result.retryAfterMs) };
  return { message: m.t(REFUSED[result.reason] as Parameters<Words["t"]>[0]), waitSeconds: Math.ceil(result.retryAfterMs / 1000) };
}

/** The answer to a typed code that was not right. */
export function typedCodeRefusal(m: Words, result: { reason: "wrong"; triesLeft: number } | { reason: "expired" | "dead" }): string {
  if (result.reason === "wrong") return `${m.t("errors.code.wrong")} ${m.t("textCode.triesLeft", { tries: result.triesLeft })}`;
  return m.t(result.reason === "expired" ? "errors.code.expired" : "errors.code.dead");
}
