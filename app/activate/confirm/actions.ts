"use server";

import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { readCookie } from "@/app/_lib/request";
import { requestContext } from "@/app/_lib/request-context";
import { COOKIE } from "@/lib/server/config/cookies";
import { activateAccount, type ActivationResult } from "@/lib/server/flows/verification/activation";
import { formFields } from "@/lib/server/validation/form-data";
import { currentActivationLink } from "./activation-link";

/** `message`: a refusal said in words (too many passwords typed), shown above the password field. */
export type ActivateState = { result?: ActivationResult; message?: string };

// The cookie is left to expire on its own: changing cookies in an action re-renders the page, and a dead
// token in it is harmless. The registration draft cookie says whether this is the browser that registered.
export async function activateAccountAction(_prev: ActivateState, formData: FormData): Promise<ActivateState> {
  // Never trimmed or cut: the password is compared exactly as typed.
  const password = formFields(formData).password || undefined;
  const proof = { draftId: await readCookie(COOKIE.registrationDraft), password };
  const result = await activateAccount({ link: await currentActivationLink(), proof }, await requestContext());
  if (!result.ok && result.reason === "limited") return { result, message: (await actionMessages()).tooManyTries(result.retryAfterMs) };
  return { result };
}
