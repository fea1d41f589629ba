"use server";

import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { requestPasswordReset } from "@/lib/server/flows/recovery/password-reset";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { forgotSchema } from "@/lib/server/validation/password-reset";
import type { FormState } from "@/lib/shared/form-state";

// Whatever was typed, the same answer: it never tells whether an account exists.
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const m = await actionMessages();
  const parsed = forgotSchema.safeParse(fields);
  const values = { identifier: (fields.identifier ?? "").slice(0, 254) };
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), values };
  const outcome = await requestPasswordReset({ identifier: parsed.data.identifier }, await requestContext());
  if (outcome === "limited") return { message: m.t("errors.tryTomorrow"), values };
  return { message: m.t("passwordReset.requestDone"), tone: "ok", values };
}
