"use server";

import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { readCookie, writeCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import {
  REGISTRATION_DRAFT_LIFETIME_MS,
  RESEND_COOLDOWN_SECONDS,
  resendFromDraft,
  saveRegistrationDraft,
  submitRegistration,
} from "@/lib/server/flows/registration/draft";
import { isBreachedPassword } from "@/lib/server/methods/password/breached";
import { ERROR } from "@/lib/server/validation/codes";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { registerStep1Schema, registerStep2Schema } from "@/lib/server/validation/register";
import type { FormState } from "@/lib/shared/form-state";

export async function registerStep1Action(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const parsed = registerStep1Schema.safeParse(fields);
  if (!parsed.success) {
    const m = await actionMessages();
    return {
      errors: m.errors(fieldErrors(parsed.error)),
      message: m.t("errors.fixBelow"),
      values: { country: fields.country ?? "", email: fields.email ?? "", offers: fields.offers ? "on" : "", privacy: fields.privacy ? "on" : "" },
    };
  }
  const { email, country, offers } = parsed.data;
  const previousId = await readCookie(COOKIE.registrationDraft);
  const id = await saveRegistrationDraft({ previousId, answers: { email, country, wantsOffers: offers }, now: new Date() });
  await writeCookie(COOKIE.registrationDraft, id, { maxAgeMs: REGISTRATION_DRAFT_LIFETIME_MS });
  redirect("/register/password");
}

export type Step2State = FormState & { captchaNonce?: string };

export async function registerStep2Action(_prev: Step2State, formData: FormData): Promise<Step2State> {
  const draft = await currentRegistrationDraft();
  if (!draft) redirect("/register");
  // Every answer that is not a redirect shows a new captcha: the one just submitted is used up.
  const retry = (state: FormState): Step2State => ({ ...state, captchaNonce: newCaptchaNonce() });

  const m = await actionMessages();
  const parsed = registerStep2Schema(draft.email).safeParse(formFields(formData));
  if (!parsed.success) return retry({ errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") });
  if (await isBreachedPassword(parsed.data.password)) {
    return retry({ errors: m.errors({ password: [ERROR.passwordBreached] }), message: m.t("errors.fixBelow") });
  }
  const alternative = parsed.data.captchaMode === "alternative";
  const human = {
    captchaId: await readCookie(COOKIE.captcha),
    captchaAnswer: parsed.data.captcha,
    challengeId: await readCookie(COOKIE.pow),
    pow: parsed.data.pow,
    alternative,
  };
  // The language of this step (the context's) decides every email the account gets, until the person chooses another.
  const result = await submitRegistration({ draft, password: parsed.data.password, human }, await requestContext());
  if (!result.ok && result.reason === "rate-limited") return retry({ message: m.tooManyTries(result.retryAfterMs) });
  if (!result.ok) {
    return retry({ errors: { captcha: [alternative ? m.t("fields.captcha.alternativeFailed") : m.t("errors.captcha.wrong")] } });
  }
  redirect("/register/check-email");
}

export type ResendState = FormState & { waitSeconds?: number };

export async function resendFromDraftAction(_prev: ResendState, _formData: FormData): Promise<ResendState> {
  const result = await resendFromDraft({ draft: await currentRegistrationDraft() }, await requestContext());
  const { t } = await actionMessages();
  if (result.ok) return { message: t("checkEmail.resent"), tone: "ok", waitSeconds: RESEND_COOLDOWN_SECONDS };
  if (result.reason === "limited") return { message: t("errors.tryTomorrow"), tone: "error" };
  if (result.reason !== "cooldown") redirect("/register");
  return { message: t("checkEmail.wait", { seconds: result.waitSeconds }), tone: "info", waitSeconds: result.waitSeconds };
}
