"use server";

import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { readCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { draftBinding, loadRegistrationDraft } from "@/lib/server/flows/registration/draft";
import { resendActivation } from "@/lib/server/flows/verification/resend";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { resendSchema } from "@/lib/server/validation/resend";
import type { FormState } from "@/lib/shared/form-state";

// Whatever the address, the answer is the same: it never tells whether an account exists or is pending.
export async function resendActivationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const m = await actionMessages();
  const parsed = resendSchema.safeParse(fields);
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), values: { email: fields.email ?? "" } };
  const { email } = parsed.data;
  const context = await requestContext();
  // From the browser that registered this address, the new link is bound to the password chosen there.
  const binding = draftBinding(await loadRegistrationDraft(await readCookie(COOKIE.registrationDraft), context.now), email);
  if ((await resendActivation({ email, binding }, context)) === "limited") return { message: m.t("errors.tryTomorrow"), values: { email } };
  return { message: m.t("resend.done"), tone: "ok", values: { email } };
}
