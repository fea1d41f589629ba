"use server";

import { headers } from "next/headers";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { readCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { keepSession } from "@/app/_lib/signed-in";
import { COOKIE } from "@/lib/server/config/cookies";
import { passkeySignInOptions, signInWithPasskey } from "@/lib/server/flows/login/passkey-sign-in";
import { formFields } from "@/lib/server/validation/form-data";
import { passkeyAssertion, readCeremonyAnswer } from "@/lib/server/validation/passkey";

// The sign-in page's passkey ceremony (lib/server/flows/login/passkey-sign-in.ts), called by its script: the
// options first, then the browser's answer (as JSON in the form field "response", with "next": every action of the
// portal takes a form, security/request-guard.ts). The session's cookies are set here and the page goes on by itself.

export type PasskeyOptionsAnswer = { ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; message: string };
export type PasskeySignInAnswer = { ok: true; to: string } | { ok: false; message: string; again: boolean };

export async function passkeySignInOptionsAction(): Promise<PasskeyOptionsAnswer> {
  const result = await passkeySignInOptions(await requestContext());
  if (result.ok) return result;
  return { ok: false, message: (await actionMessages()).tooManyTries(result.retryAfterMs) };
}

export async function passkeySignInAction(formData: FormData): Promise<PasskeySignInAnswer> {
  const m = await actionMessages();
  const { response, next } = formFields(formData);
  const parsed = passkeyAssertion.safeParse(readCeremonyAnswer(response));
  if (!parsed.success) return { ok: false, message: m.t("passkeys.failed"), again: true };
  const result = await signInWithPasskey({
    response: parsed.data,
    browser: {
      deviceToken: await readCookie(COOKIE.device),
      userAgent: (await headers()).get("user-agent"),
      previousSessionToken: await readCookie(COOKIE.session),
    },
  }, await requestContext());
  if (result.ok) return { ok: true, to: await keepSession(result, next) };
  // "unknown": the browser's autofill would offer the same passkey again, so the page does not restart it.
  return { ok: false, message: m.t(`passkeys.${result.reason}`), again: result.reason !== "unknown" };
}
