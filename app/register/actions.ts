"use server";

import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { mailContext } from "@/app/_lib/mail-context";
import type { FormState } from "@/lib/shared/form-state";
import { readCookie, requestIpGroup, writeCookie } from "@/app/_lib/request";
import { RESEND_COOLDOWN_SECONDS } from "@/lib/server/accounts/activation-mail";
import { COOKIE } from "@/lib/server/config/cookies";
import { getLocale } from "next-intl/server";
import { words } from "@/app/_lib/i18n/words";
import { loadSignUpDraft, resendFromDraft, saveSignUpDraft, submitSignUp, SIGN_UP_DRAFT_LIFETIME_MS } from "@/lib/server/accounts/sign-up-draft";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { registerStep1Schema, registerStep2Schema } from "@/lib/server/validation/register";

export async function registerStep1Action(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const parsed = registerStep1Schema.safeParse(fields);
  if (!parsed.success) {
    const w = await words();
    return {
      errors: w.errors(fieldErrors(parsed.error)),
      message: w.t("errors.fixBelow"),
      values: { country: fields.country ?? "", email: fields.email ?? "", offers: fields.offers ? "on" : "", privacy: fields.privacy ? "on" : "" },
    };
  }
  const { email, country, offers } = parsed.data;
  const id = await saveSignUpDraft(await readCookie(COOKIE.signUpDraft), { email, country, wantsOffers: offers });
  await writeCookie(COOKIE.signUpDraft, id, { maxAgeMs: SIGN_UP_DRAFT_LIFETIME_MS });
  redirect("/register/password");
}

export type Step2State = FormState & { captchaNonce?: string };

export async function registerStep2Action(_prev: Step2State, formData: FormData): Promise<Step2State> {
  const draftId = await readCookie(COOKIE.signUpDraft);
  const draft = await loadSignUpDraft(draftId);
  if (!draft) redirect("/register");
  // Every answer that is not a redirect shows a new captcha: the one just submitted is used up.
  const retry = (state: FormState): Step2State => ({ ...state, captchaNonce: newCaptchaNonce() });

  const w = await words();
  const parsed = registerStep2Schema(draft.email).safeParse(formFields(formData));
  if (!parsed.success) return retry({ errors: w.errors(fieldErrors(parsed.error)), message: w.t("errors.fixBelow") });
  const result = await submitSignUp(draftId, {
    password: parsed.data.password,
    captchaSlot: await readCookie(COOKIE.captcha),
    captchaAnswer: parsed.data.captcha,
    powSlot: await readCookie(COOKIE.pow),
    pow: parsed.data.pow,
    alternative: parsed.data.captchaMode === "alternative",
    ipGroup: await requestIpGroup(),
    // The language of this step decides every email the account gets, until the person chooses another.
    locale: await getLocale(),
  }, new Date(), await mailContext());
  if (!result.ok && result.reason === "rate-limited") {
    return retry({ message: w.tooManyTries(result.retryAfterMs) });
  }
  if (!result.ok && result.reason === "captcha") {
    const wrong = parsed.data.captchaMode === "alternative" ? w.t("fields.captcha.alternativeFailed") : w.t("errors.captcha.wrong");
    return retry({ errors: { captcha: [wrong] } });
  }
  if (!result.ok) redirect("/register");
  redirect("/register/check-email");
}

export type ResendState = FormState & { waitSeconds?: number };

export async function resendFromDraftAction(_prev: ResendState, _formData: FormData): Promise<ResendState> {
  const result = await resendFromDraft(await readCookie(COOKIE.signUpDraft), new Date(), await mailContext());
  const { t } = await words();
  if (result.ok) return { message: t("checkEmail.resent"), tone: "ok", waitSeconds: RESEND_COOLDOWN_SECONDS };
  if (result.reason === "limited") return { message: t("errors.tryTomorrow"), tone: "error" };
  if (result.reason !== "cooldown") redirect("/register");
  return { message: t("checkEmail.wait", { seconds: result.waitSeconds }), tone: "info", waitSeconds: result.waitSeconds };
}
