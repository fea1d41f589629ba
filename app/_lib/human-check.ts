import "server-only";
import { COOKIE } from "@/lib/server/config/cookies";
import type { HumanCheck } from "@/lib/server/security/human-check";
import { readCookie } from "./request";

/**
 * What a form with the captcha sends for the human check (lib/server/security/human-check.ts): the typed code and
 * the solved proof of work from its fields, the captcha's and the challenge's ids from their HttpOnly cookies.
 */
export async function humanCheckFrom(fields: { captcha?: string; pow?: string; captchaMode?: string }): Promise<Omit<HumanCheck, "purpose" | "ipGroup">> {
  return {
    captchaId: await readCookie(COOKIE.captcha),
    captchaAnswer: fields.captcha,
    challengeId: await readCookie(COOKIE.pow),
    pow: fields.pow,
    alternative: fields.captchaMode === "alternative",
  };
}
