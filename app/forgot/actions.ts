"use server";

import type { FormState } from "@/lib/shared/form-state";
import { mailContext } from "@/app/_lib/mail-context";
import { requestPasswordReset } from "@/lib/server/accounts/password-reset";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { forgotSchema } from "@/lib/server/validation/password-reset";
import { words } from "@/app/_lib/i18n/words";

// Whatever was typed, the same answer: it never tells whether an account exists.
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const w = await words();
  const parsed = forgotSchema.safeParse(fields);
  const values = { identifier: (fields.identifier ?? "").slice(0, 254) };
  if (!parsed.success) return { errors: w.errors(fieldErrors(parsed.error)), values };
  const outcome = await requestPasswordReset(parsed.data.identifier, new Date(), await mailContext());
  if (outcome === "limited") return { message: w.t("errors.tryTomorrow"), values };
  return { message: w.t("passwordReset.requestDone"), tone: "ok", values };
}
