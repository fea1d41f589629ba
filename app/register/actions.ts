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
import { activateByCode } from "@/lib/server/flows/verification/code-activation";
import { registerMethod, registerPhoneStep1Schema, registerStep1Schema, registerStep2Schema, registrationCodeSchema } from "@/lib/server/validation/register";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import type { FormState } from "@/lib/shared/form-state";
import type { ResendState } from "@/components/ui/resend-form";
import { smsRefusalMessage } from "./sms-refusal";
import { humanCheckFrom } from "@/app/_lib/human-check";
import { keepRegistrationReturnPath } from "@/app/_lib/registration-return";

export async function registerStep1Action(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  // The radio group's choice: both fields are in the form (without JavaScript both show), the chosen one counts.
  const method = registerMethod(fields);
  const parsed = method === "phone" ? registerPhoneStep1Schema(fields.country).safeParse(fields) : registerStep1Schema.safeParse(fields);
  if (!parsed.success) {
    const m = await actionMessages();
    return {
      errors: m.errors(fieldErrors(parsed.error)),
      message: m.t("errors.fixBelow"),
      values: {
        method,
        country: fields.country ?? "",
        email: fields.email ?? "",
        phone: fields.phone ?? "",
        offers: fields.offers ? "on" : "",
        privacy: fields.privacy ? "on" : "",
      },
    };
  }
  const { country, offers: wantsOffers } = parsed.data;
  const answers = "phone" in parsed.data ? { phone: parsed.data.phone, country, wantsOffers } : { email: parsed.data.email, country, wantsOffers };
  const previousId = await readCookie(COOKIE.registrationDraft);
  const id = await saveRegistrationDraft({ previousId, answers, now: new Date() });
  await writeCookie(COOKIE.registrationDraft, id, { maxAgeMs: REGISTRATION_DRAFT_LIFETIME_MS });
  await keepRegistrationReturnPath(fields.next);
  redirect("/register/password");
}

export type Step2State = FormState & { captchaNonce?: string };

export async function registerStep2Action(_prev: Step2State, formData: FormData): Promise<Step2State> {
  const draft = await currentRegistrationDraft();
  if (!draft) redirect("/register");
  // Every answer that is not a redirect shows a new captcha: the one just submitted is used up.
  const retry = (state: FormState): Step2State => ({ ...state, captchaNonce: newCaptchaNonce() });

  const m = await actionMessages();
  const parsed = registerStep2Schema(draft.email ?? null).safeParse(formFields(formData));
  if (!parsed.success) return retry({ errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") });
  if (await isBreachedPassword(parsed.data.password)) {
    return retry({ errors: m.errors({ password: [ERROR.passwordBreached] }), message: m.t("errors.fixBelow") });
  }
  const alternative = parsed.data.captchaMode === "alternative";
  const human = await humanCheckFrom(parsed.data);
  // The language of this step (the context's) decides every email the account gets, until the person chooses another.
  const result = await submitRegistration({ draft, password: parsed.data.password, human }, await requestContext());
  if (!result.ok && result.reason === "rate-limited") return retry({ message: m.tooManyTries(result.retryAfterMs) });
  // Nothing was made: the page says why calmly, and how long to wait when waiting helps.
  if (!result.ok && result.reason === "sms") return retry({ message: smsRefusalMessage(m, result) });
  if (!result.ok) {
    return retry({ errors: { captcha: [alternative ? m.t("fields.captcha.alternativeFailed") : m.t("errors.captcha.wrong")] } });
  }
  redirect(draft.phone === undefined ? "/register/check-email" : "/register/check-phone");
}



export async function resendFromDraftAction(_prev: ResendState, _formData: FormData): Promise<ResendState> {
  const result = await resendFromDraft({ draft: await currentRegistrationDraft() }, await requestContext());
  const { t } = await actionMessages();
  if (result.ok) return { message: t("checkEmail.resent"), tone: "ok", waitSeconds: RESEND_COOLDOWN_SECONDS };
  if (result.reason === "limited") return { message: t("errors.tryTomorrow"), tone: "error" };
  if (result.reason === "sms") redirect("/register/check-phone"); // a phone registration's resend is resendCodeAction
  if (result.reason !== "cooldown") redirect("/register");
  return { message: t("checkEmail.wait", { seconds: result.waitSeconds }), tone: "info", waitSeconds: result.waitSeconds };
}

/** The code page's answer: the field's errors, or the activated account (the number formatted for the page). */
export type CodeState = FormState & { done?: { miId: string; phone: string } };

export async function registrationCodeAction(_prev: CodeState, formData: FormData): Promise<CodeState> {
  const draft = await currentRegistrationDraft();
  if (!draft?.submitted || draft.phone === undefined) redirect("/register");
  const m = await actionMessages();
  const parsed = registrationCodeSchema.safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") };
  // Only this browser's registration can use the code: the draft's hash is what the code was bound to.
  const registration = { phone: draft.phone, draftIdHash: draft.idHash, passwordHash: draft.passwordHash, codeAskedAt: draft.codeAskedAt };
  const result = await activateByCode({ registration, typed: parsed.data.code }, await requestContext());
  if (result.ok) return { done: { miId: result.miId, phone: formatPhoneNumber(result.phone) } };
  const problem =
    result.reason === "wrong"
      ? [m.t("errors.code.wrong"), m.t("checkPhone.triesLeft", { count: result.triesLeft })]
      : [m.t(result.reason === "dead" ? "errors.code.dead" : "errors.code.expired")];
  return { errors: { code: problem }, message: m.t("errors.fixBelow") };
}

export async function resendCodeAction(_prev: ResendState, _formData: FormData): Promise<ResendState> {
  const result = await resendFromDraft({ draft: await currentRegistrationDraft() }, await requestContext());
  const m = await actionMessages();
  if (result.ok) return { message: m.t("checkPhone.resent"), tone: "ok", waitSeconds: RESEND_COOLDOWN_SECONDS };
  if (result.reason === "cooldown") return { message: m.t("checkPhone.wait", { seconds: result.waitSeconds }), tone: "info", waitSeconds: result.waitSeconds };
  // The SMS guards refused: nothing was sent. A number's own cooldown is a wait like the page's.
  if (result.reason === "sms") {
    const waitSeconds = result.refusal === "cooldown" ? Math.ceil(result.retryAfterMs / 1000) : undefined;
    return { message: smsRefusalMessage(m, result), tone: result.refusal === "cooldown" ? "info" : "error", waitSeconds };
  }
  redirect("/register");
}
