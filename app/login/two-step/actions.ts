"use server";

import { headers } from "next/headers";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { clearCookie, readCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { enterSignedIn } from "@/app/_lib/signed-in";
import { COOKIE } from "@/lib/server/config/cookies";
import { completeSecondStep } from "@/lib/server/flows/login/second-step";
import { checkbox, formFields } from "@/lib/server/validation/form-data";
import type { FormState } from "@/lib/shared/form-state";

export type SecondStepState = FormState & { expired?: boolean };

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
export async function secondStepAction(_prev: SecondStepState, formData: FormData): Promise<SecondStepState> {
  const m = await actionMessages();
  const fields = formFields(formData);
  const code = (fields.code ?? "").trim().slice(0, 32);
  if (!code) return { errors: { code: [m.t("twoStep.codeRequired")] } };
  const result = await completeSecondStep(
    {
      token: await readCookie(COOKIE.secondStep),
      code,
      trustBrowser: checkbox(fields.trust),
      browser: {
        deviceToken: await readCookie(COOKIE.device),
        userAgent: (await headers()).get("user-agent"),
        previousSessionToken: await readCookie(COOKIE.session),
      },
    },
    await requestContext(),
  );
  if (result.ok) return enterSignedIn(result, fields.next);
  if (result.reason === "expired" || result.reason === "dead") {
    await clearCookie(COOKIE.secondStep);
    return { message: m.t(result.reason === "dead" ? "twoStep.deadDeviceCode" : "twoStep.expired"), expired: true };
  }
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  return { errors: { code: [m.t("check" in result && result.check === "new-device" ? "twoStep.wrongDeviceCode" : "twoStep.wrongEitherCode")] } };
}
