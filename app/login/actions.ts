"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/app/_lib/form-state";
import { clearCookie, readCookie, writeCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/cookies";
import { EMAIL_MAX_LENGTH } from "@/lib/email-address";
import { messages } from "@/lib/messages";
import { deleteSession } from "@/lib/sessions";
import { signIn } from "@/lib/sign-in";
import { fieldErrors, formFields } from "@/lib/validation/form-data";
import { signInSchema } from "@/lib/validation/sign-in";

export type SignInState = FormState & { unactivatedEmail?: string };

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const fields = formFields(formData);
  const values = { identifier: (fields.identifier ?? "").slice(0, EMAIL_MAX_LENGTH) };
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const result = await signIn(parsed.data.identifier, parsed.data.password);
  if (!result.ok) {
    if (result.reason === "not-activated") {
      return { message: messages.login.notActivated, tone: "info", values, unactivatedEmail: result.email };
    }
    return { message: messages.login.invalid, values };
  }
  // A new session id at every sign-in; any session this browser held before is ended.
  await deleteSession(await readCookie(COOKIE.session));
  await writeCookie(COOKIE.session, result.token, { expires: result.expiresAt });
  redirect("/account");
}

export async function signOutAction(): Promise<void> {
  await deleteSession(await readCookie(COOKIE.session));
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}
