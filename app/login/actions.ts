"use server";

import { headers } from "next/headers";
import type { FormState } from "@/lib/shared/form-state";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { readCookie } from "@/app/_lib/request";
import { enterSecondStep, enterSignedIn } from "@/app/_lib/signed-in";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { signIn } from "@/lib/server/flows/login/sign-in";
import { registeredInThisBrowser } from "@/lib/server/flows/registration/draft";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { signInSchema } from "@/lib/server/validation/sign-in";
import { humanCheckFrom } from "@/app/_lib/human-check";

export type SignInState = FormState & {
  /** Said with every refused password, whoever's the address: how a pending account is made to work. */
  activationHint?: string;
  /** This browser registered the typed address: it is offered the activation email again (with its own words). */
  unactivatedEmail?: string;
  captchaNonce?: string;
};

export async function signInAction(prev: SignInState, formData: FormData): Promise<SignInState> {
  const fields = formFields(formData);
  const values = { identifier: (fields.identifier ?? "").slice(0, EMAIL_MAX_LENGTH), country: (fields.country ?? "").slice(0, 2) };
  // A captcha shown once stays shown: each answer uses it up, so the next try gets a new image.
  const keepCaptcha = prev.captchaNonce ? { captchaNonce: newCaptchaNonce() } : {};
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return { errors: (await actionMessages()).errors(fieldErrors(parsed.error)), values, ...keepCaptcha };

  const result = await signIn({
    identifier: parsed.data.identifier,
    country: parsed.data.country,
    password: parsed.data.password,
    ...(await humanCheckFrom(fields)),
    deviceToken: await readCookie(COOKIE.device),
    userAgent: (await headers()).get("user-agent"),
    // A new session id at every sign-in; any session this browser held before is ended.
    previousSessionToken: await readCookie(COOKIE.session),
  }, await requestContext());
  if (result.ok) return enterSignedIn(result, fields.next);
  if (result.reason === "second-step") return enterSecondStep(result.secondStep, fields.next);
  // Words only for a refusal: a sign-in that succeeds says nothing before its redirect.
  const m = await actionMessages();
  const captcha = result.captchaRequired ? { captchaNonce: newCaptchaNonce() } : {};
  // Only the browser that registered the address hears more, from its own draft, never from the account.
  const draft = await currentRegistrationDraft();
  const registeredHere = registeredInThisBrowser(draft, parsed.data.identifier) ? { unactivatedEmail: draft.email } : {};
  if (result.reason === "captcha") {
    const wrong = m.t(fields.captchaMode === "alternative" ? "fields.captcha.alternativeFailed" : fields.captcha ? "errors.captcha.wrong" : "errors.captcha.required");
    return { errors: { captcha: [wrong] }, values, ...captcha, ...registeredHere };
  }
  if (result.reason === "locked" || result.reason === "ip-limited") {
    return { message: m.tooManyTries(result.retryAfterMs), values, ...captcha, ...registeredHere };
  }
  return { message: m.t("login.invalid"), activationHint: m.t("login.activationHint"), values, ...captcha, ...registeredHere };
}
