"use server";

import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { writeCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { codeAskRefusal } from "@/app/login/text-code-answers";
import { CODE_REQUEST_COOKIE } from "@/lib/server/flows/code-request";
import { requestRecoveryCode } from "@/lib/server/flows/recovery/code-recovery";
import { requestPasswordReset } from "@/lib/server/flows/recovery/password-reset";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { forgotSchema } from "@/lib/server/validation/password-reset";
import { codeRequestSchema } from "@/lib/server/validation/sign-in";
import type { FormState } from "@/lib/shared/form-state";
import { identifierKind } from "@/lib/shared/sign-in-identifier";
import { humanCheckFrom } from "@/app/_lib/human-check";

/** `phoneStep`: a phone number was typed, so the form asks for its country/region and the captcha before any text. */
export type ForgotState = FormState & { phoneStep?: { captchaNonce: string } };

// Whatever was typed, the same answer: it never tells whether an account exists. An email or a Mi Account ID gets
// the emailed link as ever; a phone number gets a code by text message, once a captcha is passed.
export async function requestPasswordResetAction(_prev: ForgotState, formData: FormData): Promise<ForgotState> {
  const fields = formFields(formData);
  const m = await actionMessages();
  const parsed = forgotSchema.safeParse(fields);
  const values = { identifier: (fields.identifier ?? "").slice(0, 254), country: (fields.country ?? "").slice(0, 2) };
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), values };
  if (identifierKind(parsed.data.identifier) === "phone") return requestCodeByText(fields, values);
  const outcome = await requestPasswordReset({ identifier: parsed.data.identifier }, await requestContext());
  if (outcome === "limited") return { message: m.t("errors.tryTomorrow"), values };
  return { message: m.t("passwordReset.requestDone"), tone: "ok", values };
}

async function requestCodeByText(fields: Record<string, string | undefined>, values: Record<string, string>): Promise<ForgotState> {
  const phoneStep = { captchaNonce: newCaptchaNonce() };
  const m = await actionMessages();
  // The first press with a phone number shows the country/region and the captcha, and says why (announced);
  // nothing is checked yet.
  if (fields.step !== "phone") return { phoneStep, values, message: m.t("passwordReset.phoneIntro"), tone: "info" };
  const parsed = codeRequestSchema.safeParse({ phone: fields.identifier, country: fields.country });
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { errors: m.errors({ identifier: errors.phone, country: errors.country }), phoneStep, values };
  }
  const result = await requestRecoveryCode(
    {
      number: parsed.data.number,
      human: await humanCheckFrom(fields),
    },
    await requestContext(),
  );
  if (!result.ok) return { ...codeAskRefusal(m, result, fields.captchaMode === "alternative", fields.captcha), phoneStep, values };
  await writeCookie(CODE_REQUEST_COOKIE, result.cookie, { expires: result.expiresAt });
  redirect("/forgot/code");
}
