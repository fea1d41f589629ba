import "server-only";
import { actionMessages } from "@/app/_lib/i18n/action-messages";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { registeredInThisBrowser } from "@/lib/server/flows/registration/draft";
import type { FormState } from "@/lib/shared/form-state";
import type { SignInRefusal } from "./sign-in-refusal";

export type SignInState = FormState & {
  /** Said with every refused password, whoever's the address: how a pending account is made to work. */
  activationHint?: string;
  /** This browser registered the typed address: it is offered the activation email again (with its own words). */
  unactivatedEmail?: string;
};

/** A refused sign-in (sign-in-post.ts) in the person's words, with the form as typed (the password never). */
export async function refusalState(refusal: SignInRefusal): Promise<SignInState> {
  const m = await actionMessages();
  const { values } = refusal;
  if (refusal.reason === "fields") return { errors: m.errors(refusal.errors), values };
  // Only the browser that registered the address hears more, from its own draft, never from the account.
  const draft = await currentRegistrationDraft();
  const registeredHere = registeredInThisBrowser(draft, refusal.identifier) ? { unactivatedEmail: draft.email } : {};
  if (refusal.reason === "captcha") return { errors: { captcha: [m.t(refusal.code)] }, values, ...registeredHere };
  if (refusal.reason === "wait") return { message: m.tooManyTries(refusal.retryAfterMs), values, ...registeredHere };
  return { message: m.t("login.invalid"), activationHint: m.t("login.activationHint"), values, ...registeredHere };
}
