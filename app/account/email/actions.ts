"use server";

import { redirect } from "next/navigation";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { requestEmailBinding } from "@/lib/server/flows/settings/binding-request";
import { bindEmailSchema } from "@/lib/server/validation/binding";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import type { FormState } from "@/lib/shared/form-state";

/** Add or change the email address: the password, then a code to the address (the code page). */
export async function bindEmailAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: "/account/email" });
  const fields = formFields(formData);
  const m = await actionMessages();
  const values = { email: fields.email ?? "" };
  const parsed = bindEmailSchema.safeParse(fields);
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow"), values };
  const { email, currentPassword: password } = parsed.data;
  const result = await requestEmailBinding({ accountId: account.id, email, password }, await requestContext());
  if (result.ok) redirect("/account/confirm");
  switch (result.reason) {
    case "unchanged":
      return { errors: { email: [m.t("accountSettings.emailUnchanged")] }, values };
    case "wrong-password":
      return { errors: { currentPassword: [m.t("accountSettings.wrongPassword")] }, values };
    case "cooldown":
      return { message: m.t("accountSettings.newCodeWait", { seconds: result.waitSeconds }), values };
    case "limited":
      return { message: m.tooManyTries(result.retryAfterMs), values };
    default:
      return { message: m.t("errors.generic"), values };
  }
}
