"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { requestContext } from "@/app/_lib/request-context";
import { finishAddingPasskey, removePasskey, startAddingPasskey } from "@/lib/server/flows/settings/passkeys";
import { storableText } from "@/lib/server/db/text";
import { formFields } from "@/lib/server/validation/form-data";
import { passkeyCreation, passkeyName, readCeremonyAnswer } from "@/lib/server/validation/passkey";
import type { FormState } from "@/lib/shared/form-state";

// The passkeys page's actions (lib/server/flows/settings/passkeys.ts). Adding runs the browser's ceremony, so its
// two halves are called by the page's script, each with a form (the name and password; then the browser's answer
// as JSON in "response"); the form's own action answers a browser without JavaScript.

export type AddPasskeyStart = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | ({ ok: false } & FormState);

const typed = (value: unknown, max: number) => (typeof value === "string" ? value : "").slice(0, max);

export async function startAddingPasskeyAction(formData: FormData): Promise<AddPasskeyStart> {
  const { name, password } = formFields(formData);
  const account = await requireAccount({ redirectTo: "/account/passkeys" });
  const m = await actionMessages();
  const named = passkeyName.safeParse(typed(name, 200));
  const pass = typed(password, 128);
  const errors = { ...(named.success ? {} : { name: [m.t("passkeys.nameRequired")] }), ...(pass ? {} : { password: [m.t("errors.password.required")] }) };
  if (!named.success || !pass) return { ok: false, errors, values: { name: typed(name, 50) } };
  const result = await startAddingPasskey({ accountId: account.id, name: named.data, password: pass }, await requestContext());
  if (result.ok) return result;
  const values = { name: named.data };
  if (result.reason === "limited") return { ok: false, message: m.tooManyTries(result.retryAfterMs), values };
  if (result.reason === "too-many") return { ok: false, message: m.t("passkeys.tooMany"), values };
  return { ok: false, errors: { password: [m.t("accountSettings.wrongPassword")] }, values };
}

export async function finishAddingPasskeyAction(formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: "/account/passkeys" });
  const m = await actionMessages();
  const parsed = passkeyCreation.safeParse(readCeremonyAnswer(formFields(formData).response));
  if (!parsed.success) return { message: m.t("passkeys.failed") };
  const result = await finishAddingPasskey({ accountId: account.id, response: parsed.data }, await requestContext());
  if (result.ok) {
    // The list the page shows is rendered anew with the action's answer.
    revalidatePath("/account/passkeys");
    return { message: m.t("passkeys.addedNotice", { name: result.name }), tone: "ok" };
  }
  return { message: m.t(result.reason === "too-many" ? "passkeys.tooMany" : `passkeys.${result.reason}`) };
}

/** The add form submitted without JavaScript: the ceremony cannot run, and the page says why. */
export async function addPasskeyWithoutScriptAction(_prev: FormState, _form: FormData): Promise<FormState> {
  await requireAccount({ redirectTo: "/account/passkeys" });
  return { message: (await actionMessages()).t("passkeys.needsJavaScript") };
}

/** `values.passkey`: which passkey's form answered, so its error shows beside it. */
export async function removePasskeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const account = await requireAccount({ redirectTo: "/account/passkeys" });
  const m = await actionMessages();
  const fields = formFields(formData);
  const passkeyId = storableText(typed(fields.passkey, 1400));
  const password = typed(fields.password, 128);
  const values = { passkey: passkeyId };
  if (!password) return { errors: { password: [m.t("errors.password.required")] }, values };
  const result = await removePasskey({ accountId: account.id, passkeyId, password }, await requestContext());
  if (result.ok) {
    revalidatePath("/account/passkeys");
    return { message: m.t("passkeys.removedNotice", { name: result.name }), tone: "ok" };
  }
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs), values };
  if (result.reason === "gone") return { message: m.t("passkeys.gone"), tone: "info" };
  return { errors: { password: [m.t("accountSettings.wrongPassword")] }, values };
}
