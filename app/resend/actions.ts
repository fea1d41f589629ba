"use server";

import type { FormState } from "@/lib/shared/form-state";
import { mailContext } from "@/app/_lib/mail-context";
import { readCookie } from "@/app/_lib/request";
import { resendActivation } from "@/lib/server/accounts/resend";
import { draftBindingFor } from "@/lib/server/accounts/sign-up-draft";
import { COOKIE } from "@/lib/server/config/cookies";
import { words } from "@/app/_lib/i18n/words";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { resendSchema } from "@/lib/server/validation/resend";

// Whatever the address, the answer is the same: it never tells whether an account exists or is pending.
export async function resendActivationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const fields = formFields(formData);
  const w = await words();
  const parsed = resendSchema.safeParse(fields);
  if (!parsed.success) return { errors: w.errors(fieldErrors(parsed.error)), values: { email: fields.email ?? "" } };
  const values = { email: parsed.data.email };
  // From the browser that registered this address, the new link is bound to the password chosen there.
  const binding = await draftBindingFor(await readCookie(COOKIE.signUpDraft), parsed.data.email);
  if ((await resendActivation(parsed.data.email, new Date(), await mailContext(), binding)) === "limited") return { message: w.t("errors.tryTomorrow"), values };
  return { message: w.t("resend.done"), tone: "ok", values };
}
