"use server";

import { readCookie, requestIpGroup } from "@/app/_lib/request";
import { consumeActivationToken, type ActivationResult } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";

export type ActivateState = { result?: ActivationResult };

// The cookie is left to expire on its own: changing cookies in an action re-renders the page, and a dead
// token in it is harmless.
export async function activateAccountAction(_prev: ActivateState, _formData: FormData): Promise<ActivateState> {
  const token = await readCookie(COOKIE.activation);
  return { result: await consumeActivationToken(token, new Date(), { ipGroup: await requestIpGroup() }) };
}
