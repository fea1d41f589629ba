"use server";

import { redirect } from "next/navigation";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { renewRecoveryCodes, turnOffTwoStep, turnOnTwoStep } from "@/lib/server/flows/settings/two-step";
import { formFields } from "@/lib/server/validation/form-data";
import type { FormState } from "@/lib/shared/form-state";

// Two-step verification's forms on /account/two-step. Each acts on the signed-in account only.

/** `recoveryCodes`: the new set, shown once by the page that answers. */
export type TwoStepState = FormState & { recoveryCodes?: string[] };

const typed = (value: string | undefined, max: number) => (value ?? "").trim().slice(0, max);

export async function turnOnTwoStepAction(_prev: TwoStepState, formData: FormData): Promise<TwoStepState> {
  const account = await requireAccount();
  const m = await actionMessages();
  const code = typed(formFields(formData).code, 16);
  if (!code) return { errors: { code: [m.t("twoStep.codeRequired")] } };
  const result = await turnOnTwoStep({ accountId: account.id, code }, await requestContext());
  if (result.ok) return { recoveryCodes: result.recoveryCodes };
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  if (result.reason === "already-on") return { message: m.t("twoStep.alreadyOn"), tone: "info" };
  return { errors: { code: [m.t("twoStep.wrongCode")] } };
}

export async function renewRecoveryCodesAction(_prev: TwoStepState, formData: FormData): Promise<TwoStepState> {
  const account = await requireAccount();
  const m = await actionMessages();
  const password = typed(formFields(formData).password, 128);
  if (!password) return { errors: { password: [m.t("errors.password.required")] } };
  const result = await renewRecoveryCodes({ accountId: account.id, password }, await requestContext());
  if (result.ok) return { recoveryCodes: result.recoveryCodes };
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  if (result.reason === "off") redirect("/account/two-step");
  return { errors: { password: [m.t("accountSettings.wrongPassword")] } };
}

export async function turnOffTwoStepAction(_prev: TwoStepState, formData: FormData): Promise<TwoStepState> {
  const account = await requireAccount();
  const m = await actionMessages();
  const fields = formFields(formData);
  const password = typed(fields.password, 128);
  const code = typed(fields.code, 32);
  const missing = { ...(password ? {} : { password: [m.t("errors.password.required")] }), ...(code ? {} : { code: [m.t("twoStep.codeRequired")] }) };
  if (!password || !code) return { errors: missing };
  const result = await turnOffTwoStep({ accountId: account.id, password, code }, await requestContext());
  if (result.ok || result.reason === "off") redirect("/account?saved=twoStepOff#two-step");
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  if (result.reason === "wrong-password") return { errors: { password: [m.t("accountSettings.wrongPassword")] } };
  return { errors: { code: [m.t("twoStep.wrongEitherCode")] } };
}
