"use server";

import { redirect } from "next/navigation";
import { requireAccount } from "@/app/_lib/current-account";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { clearCookie, readCookie, writeCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { signOut } from "@/lib/server/flows/login/sign-out";
import { deleteAccount } from "@/lib/server/flows/settings/account-deletion";
import { changePassword } from "@/lib/server/flows/settings/password";
import { setOffers } from "@/lib/server/flows/settings/preferences";
import { endSession, endSessions } from "@/lib/server/flows/settings/sessions";
import { revokeAppAccess } from "@/lib/server/identity/app-access";
import { isBreachedPassword } from "@/lib/server/methods/password/breached";
import { ERROR } from "@/lib/server/validation/codes";
import { checkbox, fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { changePasswordSchema } from "@/lib/server/validation/password-reset";
import type { FormState } from "@/lib/shared/form-state";

// The self-service forms. Each acts on the signed-in account only (requireAccount), never on an id from the form.

/** Ends this browser's session. */
export async function signOutAction(): Promise<void> {
  await signOut({ token: await readCookie(COOKIE.session) }, await requestContext());
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}

/** Ends every session of the signed-in account, this browser's included. */
export async function signOutEverywhereAction(): Promise<void> {
  const account = await requireAccount({ redirectTo: null, clearDeadCookie: true });
  await endSessions({ accountId: account.id, keepDeviceToken: await readCookie(COOKIE.device) }, await requestContext());
  await clearCookie(COOKIE.session);
  // The sign-in page then says this browser was signed out too, not only "You've signed out."
  redirect("/login?signedOut=everywhere");
}

export type SettingsState = FormState;

export async function setOffersAction(formData: FormData): Promise<void> {
  const account = await requireAccount();
  await setOffers({ accountId: account.id, wantsOffers: checkbox(formFields(formData).offers) }, await requestContext());
  redirect("/account?saved=offers#offers");
}

export async function changePasswordAction(_prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const account = await requireAccount();
  const m = await actionMessages();
  const parsed = changePasswordSchema(account.email).safeParse(formFields(formData));
  if (!parsed.success) return { errors: m.errors(fieldErrors(parsed.error)), message: m.t("errors.fixBelow") };
  if (await isBreachedPassword(parsed.data.password)) return { errors: m.errors({ password: [ERROR.passwordBreached] }), message: m.t("errors.fixBelow") };
  const browser = { sessionId: account.sessionId, deviceToken: await readCookie(COOKIE.device) };
  const { currentPassword: current, password: next } = parsed.data;
  const result = await changePassword({ accountId: account.id, browser, current, next }, await requestContext());
  if (result.ok) {
    // This browser's session under its new token: a copy of the old cookie no longer works.
    await writeCookie(COOKIE.session, result.session.token, { expires: result.session.expiresAt });
    return { message: m.t("accountSettings.passwordChanged"), tone: "ok" };
  }
  // Signed out from another device meanwhile: nothing changed; sign in again.
  if (result.reason === "signed-out") {
    await clearCookie(COOKIE.session);
    redirect("/login?next=/account");
  }
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  return { errors: { currentPassword: [m.t("accountSettings.wrongPassword")] } };
}

export async function endSessionAction(formData: FormData): Promise<void> {
  const account = await requireAccount();
  const sessionId = formFields(formData).sessionId ?? "";
  // This browser's own session goes through sign-out, which also clears its cookie.
  if (sessionId === account.sessionId) return signOutAction();
  await endSession({ accountId: account.id, sessionId }, await requestContext());
  redirect("/account?saved=session#sessions");
}

export async function endOtherSessionsAction(): Promise<void> {
  const account = await requireAccount();
  const keep = { keepSessionId: account.sessionId, keepDeviceToken: await readCookie(COOKIE.device) };
  await endSessions({ accountId: account.id, ...keep }, await requestContext());
  redirect("/account?saved=others#sessions");
}

/**
 * "Remove access" for one app: its consent and every token it holds for this account end at once. The page then
 * names the app that lost access (looked up again by its id: the address never carries words to show).
 */
export async function revokeAppAccessAction(formData: FormData): Promise<void> {
  const account = await requireAccount();
  const clientId = (formFields(formData).clientId ?? "").slice(0, CLIENT_ID_MAX_LENGTH);
  const removed = clientId ? await revokeAppAccess({ accountId: account.id, clientId }) : false;
  redirect(removed ? `/account?saved=appRemoved&app=${encodeURIComponent(clientId)}#apps` : "/account#apps");
}

/** Longer than any client_id the portal makes (lib/server/oidc/clients.ts): a longer value names no app. */
const CLIENT_ID_MAX_LENGTH = 128;

export async function deleteAccountAction(_prev: SettingsState, formData: FormData): Promise<SettingsState> {
  const account = await requireAccount();
  const m = await actionMessages();
  const password = formFields(formData).password ?? "";
  if (!password) return { errors: { password: [m.t("errors.password.required")] } };
  const result = await deleteAccount({ accountId: account.id, password }, await requestContext());
  if (result.ok) {
    await clearCookie(COOKIE.session);
    await clearCookie(COOKIE.device);
    redirect("/account/deleted");
  }
  if (result.reason === "limited") return { message: m.tooManyTries(result.retryAfterMs) };
  return { errors: { password: [m.t("accountSettings.wrongPassword")] } };
}
