"use server";

import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { requestPhoneBinding } from "@/lib/server/flows/settings/binding-request";
import { bindPhoneSchema } from "@/lib/server/validation/binding";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import type { FormState } from "@/lib/shared/form-state";
import { smsRefusalMessage } from "./sms-refusal";
import { humanCheckFrom } from "@/app/_lib/human-check";

export type PhoneBindingState = FormState & { captchaNonce?: string };

/** Add or change the phone number: captcha, password, the SMS guards, then a code to the number (the code page). */
export async function bindPhoneAction(_prev: PhoneBindingState, formData: FormData): Promise<PhoneBindingState> {
  const account = await requireAccount({ redirectTo: "/account/phone" });
  const fields = formFields(formData);
  const m = await actionMessages();
  // Every answer that is not a redirect shows a new captcha (the one sent is used up), and the number as typed.
  const retry = (state: FormState): PhoneBindingState => ({ ...state, captchaNonce: newCaptchaNonce(), values: { country: fields.country ?? "", phone: fields.phone ?? "" } });
  const parsed = bindPhoneSchema.safeParse(fields);
  if (!parsed.success) return retry({ errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") });
  const { number, currentPassword: password } = parsed.data;
  const alternative = parsed.data.captchaMode === "alternative";
  const human = await humanCheckFrom(parsed.data);
  const result = await requestPhoneBinding({ accountId: account.id, number, password, human }, await requestContext());
  if (result.ok) redirect("/account/confirm");
  switch (result.reason) {
    case "unchanged":
      return retry({ errors: { phone: [m.t("accountSettings.phoneUnchanged")] } });
    case "captcha":
      return retry({ errors: { captcha: [alternative ? m.t("fields.captcha.alternativeFailed") : m.t("errors.captcha.wrong")] } });
    case "wrong-password":
      return retry({ errors: { currentPassword: [m.t("accountSettings.wrongPassword")] } });
    case "limited":
      return retry({ message: m.tooManyTries(result.retryAfterMs) });
    case "sms":
      return retry({ message: smsRefusalMessage(m, result) });
    default:
      return retry({ message: m.t("errors.generic") });
  }
}
