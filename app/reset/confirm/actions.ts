"use server";

import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { clearCookie, readCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { completePasswordReset } from "@/lib/server/flows/recovery/password-reset";
import { isBreachedPassword } from "@/lib/server/methods/password/breached";
import { ERROR } from "@/lib/server/validation/codes";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { resetSchema } from "@/lib/server/validation/password-reset";
import type { FormState } from "@/lib/shared/form-state";
import { currentResetLink } from "./reset-link";

/** What the page shows after the press: the outcome of a reset by link (ResetResult) or by a code sent by text. */
export type ResetOutcome = { ok: true; activatedMiId: string | null } | { ok: false; reason: "invalid" | "expired" };
export type ResetState = FormState & { result?: ResetOutcome };

export async function resetPasswordAction(_prev: ResetState, formData: FormData): Promise<ResetState> {
  const link = await currentResetLink();
  if (!link) return { result: { ok: false, reason: "invalid" } };
  const m = await actionMessages();
  const parsed = resetSchema(link.account.email).safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") };
  if (await isBreachedPassword(parsed.data.password)) return { errors: m.errors({ password: [ERROR.passwordBreached] }), message: m.t("errors.fixBelow") };
  const keepDeviceToken = await readCookie(COOKIE.device);
  const result = await completePasswordReset({ link, password: parsed.data.password, keepDeviceToken }, await requestContext());
  // This browser's old session (if any) ended with the others; its cookie goes too.
  if (result.ok) await clearCookie(COOKIE.session);
  return { result };
}
