"use server";

import { redirect } from "next/navigation";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { clearCookie, readCookie, requestIpGroup, writeCookie } from "@/app/_lib/request";
import type { FormState } from "@/lib/shared/form-state";
import { mailContext } from "@/app/_lib/mail-context";
import { deleteAccount } from "@/lib/server/accounts/account-deletion";
import { changePassword, setOffers } from "@/lib/server/accounts/account-settings";
import { endOtherSessions, endSession, signOut, signOutEverywhere } from "@/lib/server/auth/sessions";
import { checkbox, fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { changePasswordSchema } from "@/lib/server/validation/password-reset";
import { words } from "@/app/_lib/i18n/words";
import { COOKIE } from "@/lib/server/config/cookies";

/** Ends this browser's session. */
export async function signOutAction(): Promise<void> {
  await signOut(await readCookie(COOKIE.session), { ipGroup: await requestIpGroup() });
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}

/** Ends every session of the signed-in account, this browser's included. */
export async function signOutEverywhereAction(): Promise<void> {
  const account = await getCurrentAccount();
  // No live session: nothing to end, and no account to end it for.
  if (!account) {
    await clearCookie(COOKIE.session);
    redirect("/login");
  }
  await signOutEverywhere(account.id, { ipGroup: await requestIpGroup() }, new Date(), await readCookie(COOKIE.device));
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}

// The self-service forms. Each acts on the signed-in account only (getCurrentAccount), never on an id from the form.

export type SettingsState = FormState;

export async function setOffersAction(formData: FormData): Promise<void> {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  await setOffers(account.id, checkbox(formFields(formData).offers), new Date(), { ipGroup: await requestIpGroup() });
  redirect("/account?saved=offers");
}

export async function changePasswordAction(_prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  const w = await words();
  const parsed = changePasswordSchema(account.email).safeParse(formFields(formData));
  if (!parsed.success) return { errors: w.errors(fieldErrors(parsed.error)), message: w.t("errors.fixBelow") };
  const browser = { sessionId: account.sessionId, deviceToken: await readCookie(COOKIE.device) };
  const result = await changePassword(account.id, browser, parsed.data.currentPassword, parsed.data.password, new Date(), await mailContext());
  if (result.ok) {
    // This browser's session under its new token: a copy of the old cookie no longer works.
    await writeCookie(COOKIE.session, result.session.token, { expires: result.session.expiresAt });
    return { message: w.t("accountSettings.passwordChanged"), tone: "ok" };
  }
  // Signed out from another device meanwhile: nothing changed; sign in again.
  if (result.reason === "signed-out") {
    await clearCookie(COOKIE.session);
    redirect("/login?next=/account");
  }
  if (result.reason === "limited") return { message: w.tooManyTries(result.retryAfterMs) };
  return { errors: { currentPassword: [w.t("accountSettings.wrongPassword")] } };
}

export async function endSessionAction(formData: FormData): Promise<void> {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  const sessionId = formFields(formData).sessionId ?? "";
  // This browser's own session goes through sign-out, which also clears its cookie.
  if (sessionId === account.sessionId) return signOutAction();
  await endSession(account.id, sessionId, { ipGroup: await requestIpGroup() });
  redirect("/account?saved=session");
}

export async function endOtherSessionsAction(): Promise<void> {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  await endOtherSessions(account.id, account.sessionId, { ipGroup: await requestIpGroup() }, new Date(), await readCookie(COOKIE.device));
  redirect("/account?saved=others");
}

export async function deleteAccountAction(_prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  const w = await words();
  const password = formFields(formData).password ?? "";
  if (!password) return { errors: { password: [w.t("errors.password.required")] } };
  const result = await deleteAccount(account.id, password, new Date(), await mailContext());
  if (result.ok) {
    await clearCookie(COOKIE.session);
    await clearCookie(COOKIE.device);
    redirect("/account/deleted");
  }
  if (result.reason === "limited") return { message: w.tooManyTries(result.retryAfterMs) };
  return { errors: { password: [w.t("accountSettings.wrongPassword")] } };
}
