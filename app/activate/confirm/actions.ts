"use server";

import { readCookie, requestIpGroup } from "@/app/_lib/request";
import { words } from "@/app/_lib/i18n/words";
import { consumeActivationToken, type ActivationResult } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";
import { formFields } from "@/lib/server/validation/form-data";

/** `message`: a refusal said in words (too many passwords typed), shown above the password field. */
export type ActivateState = { result?: ActivationResult; message?: string };

// The cookie is left to expire on its own: changing cookies in an action re-renders the page, and a dead
// token in it is harmless. The sign-up draft cookie says whether this is the browser that registered.
export async function activateAccountAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  const token = await readCookie(COOKIE.activation);
  // Never trimmed or cut: the password is compared exactly as typed.
  const password = formFields(formData).password || undefined;
  const proof = { draftId: await readCookie(COOKIE.signUpDraft), password };
  const result = await consumeActivationToken(token, new Date(), { ipGroup: await requestIpGroup() }, proof);
  if (!result.ok && result.reason === "limited") return { result, message: (await words()).tooManyTries(result.retryAfterMs) };
  return { result };
}
