"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "@/lib/shared/form-state";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { readCookie, requestIpGroup, writeCookie } from "@/app/_lib/request";
import { COOKIE, LANGUAGE_COOKIE_MAX_AGE } from "@/lib/server/config/cookies";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { words } from "@/app/_lib/i18n/words";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { deleteSession } from "@/lib/server/auth/sessions";
import { signIn } from "@/lib/server/auth/sign-in";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { signInSchema } from "@/lib/server/validation/sign-in";

export type SignInState = FormState & { unactivatedEmail?: string; captchaNonce?: string };

export async function signInAction(prev: SignInState, formData: FormData): Promise<SignInState> {
  const fields = formFields(formData);
  const values = { identifier: (fields.identifier ?? "").slice(0, EMAIL_MAX_LENGTH) };
  // A captcha shown once stays shown: each answer uses it up, so the next try gets a new image.
  const keepCaptcha = prev.captchaNonce ? { captchaNonce: newCaptchaNonce() } : {};
  const w = await words();
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return { errors: w.errors(fieldErrors(parsed.error)), values, ...keepCaptcha };

  const result = await signIn({
    identifier: parsed.data.identifier,
    password: parsed.data.password,
    ipGroup: await requestIpGroup(),
    captchaSlot: await readCookie(COOKIE.captcha),
    captchaAnswer: fields.captcha,
    powSlot: await readCookie(COOKIE.pow),
    pow: fields.pow,
    alternative: fields.captchaMode === "alternative",
    deviceToken: await readCookie(COOKIE.device),
    userAgent: (await headers()).get("user-agent"),
  });
  if (result.ok) {
    // A new session id at every sign-in; any session this browser held before is ended.
    await deleteSession(await readCookie(COOKIE.session));
    await writeCookie(COOKIE.session, result.token, { expires: result.expiresAt });
    if (result.device) await writeCookie(COOKIE.device, result.device.token, { expires: result.device.expiresAt });
    // The account's language follows the person to this browser.
    await writeCookie(COOKIE.language, result.locale, { maxAgeMs: LANGUAGE_COOKIE_MAX_AGE * 1000 });
    // Only a path on this site: never //evil, /\evil, https://evil or javascript: (lib/shared/safe-redirect.ts).
    redirect(safeReturnPath(fields.next) ?? "/account");
  }
  if (result.reason === "not-activated") {
    return { message: w.t("login.notActivated"), tone: "info", values, unactivatedEmail: result.email };
  }
  const captcha = result.captchaRequired ? { captchaNonce: newCaptchaNonce() } : {};
  if (result.reason === "captcha") {
    const wrong = w.t(fields.captchaMode === "alternative" ? "fields.captcha.alternativeFailed" : fields.captcha ? "errors.captcha.wrong" : "errors.captcha.required");
    return { errors: { captcha: [wrong] }, values, ...captcha };
  }
  if (result.reason === "locked" || result.reason === "ip-limited") {
    return { message: w.tooManyTries(result.retryAfterMs), values, ...captcha };
  }
  return { message: w.t("login.invalid"), values, ...captcha };
}
