"use server";

import type { FormState } from "@/lib/shared/form-state";
import { mailContext } from "@/app/_lib/mail-context";
import { clearCookie, readCookie } from "@/app/_lib/request";
import { completePasswordReset, passwordResetEmail, type ResetResult } from "@/lib/server/accounts/password-reset";
import { COOKIE } from "@/lib/server/config/cookies";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { resetSchema } from "@/lib/server/validation/password-reset";
import { words } from "@/app/_lib/i18n/words";

export type ResetState = FormState & { result?: ResetResult };

export async function resetPasswordAction(_prev: ResetState, formData: FormData): Promise<ResetState> {
  const token = await readCookie(COOKIE.passwordReset);
  const email = await passwordResetEmail(token);
  if (!email) return { result: { ok: false, reason: "invalid" } };
  const w = await words();
  const parsed = resetSchema(email).safeParse(formFields(formData));
  if (!parsed.success) return { errors: w.errors(fieldErrors(parsed.error)), message: w.t("errors.fixBelow") };
  const result = await completePasswordReset(token, parsed.data.password, new Date(), await mailContext(), await readCookie(COOKIE.device));
  // This browser's old session (if any) ended with the others; its cookie goes too.
  if (result.ok) await clearCookie(COOKIE.session);
  return { result };
}
