"use server";

import { redirect } from "next/navigation";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { clearCookie, readCookie, writeCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import type { ResendState } from "@/components/ui/resend-form";
import { codeAskRefusal, typedCodeRefusal } from "@/app/login/text-code-answers";
import type { ResetState } from "@/app/reset/confirm/actions";
import { COOKIE } from "@/lib/server/config/cookies";
import { CODE_REQUEST_COOKIE, loadCodeRequest } from "@/lib/server/flows/code-request";
import { checkRecoveryCode, completeCodeReset, resendRecoveryCode } from "@/lib/server/flows/recovery/code-recovery";
import { isBreachedPassword } from "@/lib/server/methods/password/breached";
import { ERROR } from "@/lib/server/validation/codes";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { resetSchema } from "@/lib/server/validation/password-reset";
import { typedCodeSchema } from "@/lib/server/validation/sign-in";
import type { FormState } from "@/lib/shared/form-state";
import { CODE_RESEND_COOLDOWN_SECONDS } from "@/lib/shared/one-time-code";

const currentRequest = async () => loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());

/** The recovery code from the text message; right, it opens the new-password page. */
export async function checkRecoveryCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const m = await actionMessages();
  const request = await currentRequest();
  if (!request || request.purpose !== "recovery") return { message: m.t("textCode.requestExpired") };
  const parsed = typedCodeSchema.safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)) };
  const result = await checkRecoveryCode({ request, typed: parsed.data.code }, await requestContext());
  if (!result.ok) return { errors: { code: [typedCodeRefusal(m, result)] } };
  await writeCookie(CODE_REQUEST_COOKIE, result.cookie, { expires: result.expiresAt });
  redirect("/forgot/code/password");
}

export async function resendRecoveryCodeAction(_prev: ResendState): Promise<ResendState> {
  const m = await actionMessages();
  const request = await currentRequest();
  if (!request || request.purpose !== "recovery") return { message: m.t("textCode.requestExpired"), tone: "error" };
  if (request.resendWaitSeconds > 0) return { message: m.t("textCode.resendAfter", { seconds: request.resendWaitSeconds }), waitSeconds: request.resendWaitSeconds };
  const result = await resendRecoveryCode({ request }, await requestContext());
  if (!result.ok) return { ...codeAskRefusal(m, result, false), tone: "error" };
  return { message: m.t("textCode.resent"), tone: "ok", waitSeconds: CODE_RESEND_COOLDOWN_SECONDS };
}

/** The new password after a right recovery code: the same rule and effects as the emailed link's. */
export async function resetWithCodeAction(_prev: ResetState, formData: FormData): Promise<ResetState> {
  const request = await currentRequest();
  if (!request || request.purpose !== "recovery_proven") return { result: { ok: false, reason: "expired" } };
  const m = await actionMessages();
  const parsed = resetSchema(null).safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") };
  if (await isBreachedPassword(parsed.data.password)) return { errors: m.errors({ password: [ERROR.passwordBreached] }), message: m.t("errors.fixBelow") };
  const keepDeviceToken = await readCookie(COOKIE.device);
  const result = await completeCodeReset({ request, password: parsed.data.password, keepDeviceToken }, await requestContext());
  if (!result.ok) return { result };
  await clearCookie(CODE_REQUEST_COOKIE);
  // This browser's old session (if any) ended with the others; its cookie goes too.
  await clearCookie(COOKIE.session);
  return { result };
}
