"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { clearCookie, readCookie, writeCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { enterSecondStep, enterSignedIn } from "@/app/_lib/signed-in";
import { CODE_REQUEST_COOKIE, loadCodeRequest } from "@/lib/server/flows/code-request";
import { requestSignInCode, resendSignInCode, signInWithCode } from "@/lib/server/flows/login/code-sign-in";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { codeRequestSchema, typedCodeSchema } from "@/lib/server/validation/sign-in";
import { CODE_RESEND_COOLDOWN_SECONDS } from "@/lib/shared/one-time-code";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import type { FormState } from "@/lib/shared/form-state";
import type { ResendState } from "@/components/ui/resend-form";
import { codeAskRefusal, typedCodeRefusal } from "../text-code-answers";
import { humanCheckFrom } from "@/app/_lib/human-check";

export type CodeRequestState = FormState & { captchaNonce: string };

/** "Send code": the number and the captcha; whatever the number, the same answer, then the code page. */
export async function requestSignInCodeAction(_prev: CodeRequestState, formData: FormData): Promise<CodeRequestState> {
  const fields = formFields(formData);
  const values = { phone: (fields.phone ?? "").slice(0, 64), country: (fields.country ?? "").slice(0, 2) };
  // Every answer uses the captcha up: the form shows a new one.
  const captchaNonce = newCaptchaNonce();
  const m = await actionMessages();
  const parsed = codeRequestSchema.safeParse(fields);
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), values, captchaNonce };
  const result = await requestSignInCode(
    {
      number: parsed.data.number,
      human: await humanCheckFrom(fields),
    },
    await requestContext(),
  );
  if (!result.ok) return { ...codeAskRefusal(m, result, fields.captchaMode === "alternative", fields.captcha), values, captchaNonce };
  await writeCookie(CODE_REQUEST_COOKIE, result.cookie, { expires: result.expiresAt });
  const next = safeReturnPath(fields.next);
  redirect(next ? `/login/code/sent?next=${encodeURIComponent(next)}` : "/login/code/sent");
}

/** The typed code: a right one signs in exactly like a password. */
export async function signInWithCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const m = await actionMessages();
  const request = await loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());
  if (!request || request.purpose !== "sign_in") return { message: m.t("textCode.requestExpired") };
  const fields = formFields(formData);
  const parsed = typedCodeSchema.safeParse(fields);
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)) };
  const result = await signInWithCode(
    {
      request,
      typed: parsed.data.code,
      browser: {
        deviceToken: await readCookie(COOKIE.device),
        userAgent: (await headers()).get("user-agent"),
        previousSessionToken: await readCookie(COOKIE.session),
      },
    },
    await requestContext(),
  );
  if (result.ok || result.reason === "second-step") await clearCookie(CODE_REQUEST_COOKIE);
  if (result.ok) return enterSignedIn(result, fields.next);
  if (result.reason === "second-step") return enterSecondStep(result.secondStep, fields.next);
  if ("retryAfterMs" in result) return { message: m.tooManyTries(result.retryAfterMs) };
  return { errors: { code: [typedCodeRefusal(m, result)] } };
}

export async function resendSignInCodeAction(_prev: ResendState): Promise<ResendState> {
  const m = await actionMessages();
  const request = await loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());
  if (!request || request.purpose !== "sign_in") return { message: m.t("textCode.requestExpired"), tone: "error" };
  if (request.resendWaitSeconds > 0) return { message: m.t("textCode.resendAfter", { seconds: request.resendWaitSeconds }), waitSeconds: request.resendWaitSeconds };
  const result = await resendSignInCode({ request }, await requestContext());
  if (!result.ok) return { ...codeAskRefusal(m, result, false), tone: "error" };
  return { message: m.t("textCode.resent"), tone: "ok", waitSeconds: CODE_RESEND_COOLDOWN_SECONDS };
}
