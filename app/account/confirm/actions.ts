"use server";

import { redirect } from "next/navigation";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { confirmBinding } from "@/lib/server/flows/settings/binding";
import { resendBindingEmail } from "@/lib/server/flows/settings/binding-request";
import { bindingCodeSchema } from "@/lib/server/validation/binding";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import type { FormState } from "@/lib/shared/form-state";

/** The code typed: right, and the number or address it went to is the account's (back to the profile). */
export async function confirmBindingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: "/account/confirm" });
  const m = await actionMessages();
  const parsed = bindingCodeSchema.safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)) };
  const result = await confirmBinding({ accountId: account.id, code: parsed.data.code }, await requestContext());
  if (result.ok) redirect(`/account?saved=${result.identifier}#profile`);
  switch (result.reason) {
    case "wrong":
      return { errors: { code: [result.identifier === "email" ? m.t("accountSettings.codeWrongEmail") : m.t("errors.code.wrong")] } };
    case "expired":
      return { errors: { code: [m.t("errors.code.expired")] } };
    case "dead":
      return { errors: { code: [m.t("errors.code.dead")] } };
    case "taken":
      return { message: m.t(result.identifier === "email" ? "accountSettings.emailTaken" : "accountSettings.phoneTaken") };
  }
}

/** "Send a new code" for an email code: the same address, a minute after the last one. */
export async function resendBindingEmailAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: "/account/confirm" });
  const m = await actionMessages();
  const result = await resendBindingEmail({ accountId: account.id }, await requestContext());
  if (result.ok) return { message: m.t("accountSettings.newCodeSent"), tone: "ok" };
  switch (result.reason) {
    case "cooldown":
      return { message: m.t("accountSettings.newCodeWait", { seconds: result.waitSeconds }), tone: "info" };
    case "limited":
      return { message: m.tooManyTries(result.retryAfterMs) };
    default:
      // No recent email code to send again: start from the address.
      redirect("/account/email");
  }
}
