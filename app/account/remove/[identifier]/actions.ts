"use server";

import { redirect } from "next/navigation";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { removeIdentifier, type Identifier } from "@/lib/server/flows/settings/binding";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { removeIdentifierSchema } from "@/lib/server/validation/binding";
import type { FormState } from "@/lib/shared/form-state";

/** Removes the email address, with the password, while the phone number stays. */
export async function removeEmailAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return remove("email", formData);
}

/** Removes the phone number, with the password, while the email address stays. */
export async function removePhoneAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return remove("phone", formData);
}

// One action per identifier, each of the plain (state, formData) shape: the identifier is never read from the form.
async function remove(identifier: Identifier, formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: `/account/remove/${identifier}` });
  const m = await actionMessages();
  const parsed = removeIdentifierSchema.safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)) };
  const result = await removeIdentifier({ accountId: account.id, identifier, password: parsed.data.currentPassword }, await requestContext());
  if (result.ok) redirect(`/account?saved=${identifier}Removed#profile`);
  switch (result.reason) {
    case "wrong-password":
      return { errors: { currentPassword: [m.t("accountSettings.wrongPassword")] } };
    case "limited":
      return { message: m.tooManyTries(result.retryAfterMs) };
    case "last":
      return { message: m.t("accountSettings.removeLast") };
    case "absent":
      redirect("/account#profile");
  }
}
