"use server";

import { readCookie, requestIpGroup } from "@/app/_lib/request";
import { consumeActivationToken, type ActivationResult } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";
import { formFields } from "@/lib/server/validation/form-data";

export type ActivateState = { result?: ActivationResult };

// The cookie is left to expire on its own: changing cookies in an action re-renders the page, and a dead
// token in it is harmless. The sign-up draft cookie says whether this is the browser that registered.
export async function activateAccountAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  const token = await readCookie(COOKIE.activation);
  // Never trimmed or cut: the password is compared exactly as typed.
  const password = formFields(formData).password || undefined;
  const proof = { draftId: await readCookie(COOKIE.signUpDraft), password };
  return { result: await consumeActivationToken(token, new Date(), { ipGroup: await requestIpGroup() }, proof) };
}
