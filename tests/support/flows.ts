// The flows, called the way the integration tests were written before the flows took one request context: a token
// or a draft id in, the clock and the caller as trailing arguments. Each function is a thin call of the real flow
// (lib/server/flows/), which loads its state and ends as in a request; nothing here decides anything. Import only
// from test files, after tests/integration/setup.ts has set the environment.
import { plainContext, type RequestContext } from "@/lib/server/flows/context";
import { signIn as signInFlow, type SignInAttempt } from "@/lib/server/flows/login/sign-in";
import { signOut as signOutFlow } from "@/lib/server/flows/login/sign-out";
import * as recovery from "@/lib/server/flows/recovery/password-reset";
import * as drafts from "@/lib/server/flows/registration/draft";
import { registerAccount as registerFlow } from "@/lib/server/flows/registration/registration";
import { exportAccountData as exportFlow } from "@/lib/server/flows/settings/account-data";
import { deleteAccount as deleteFlow } from "@/lib/server/flows/settings/account-deletion";
import { changePassword as changePasswordFlow, type ThisBrowser } from "@/lib/server/flows/settings/password";
import { setOffers as setOffersFlow } from "@/lib/server/flows/settings/preferences";
import { endSession as endSessionFlow, endSessions } from "@/lib/server/flows/settings/sessions";
import * as activation from "@/lib/server/flows/verification/activation";
import { composeActivationResend, resendActivation as resendFlow } from "@/lib/server/flows/verification/resend";
import { sendMessage, type Composer, type OutboxKind } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/identity/passwords";
import * as identitySessions from "@/lib/server/identity/sessions";
import * as devices from "@/lib/server/identity/trusted-devices";
import type { ActivationBinding } from "@/lib/server/methods/email-link/activation";
import { hashSecret } from "@/lib/server/security/secrets";
import type { HumanCheck } from "@/lib/server/security/human-check";
import type { Locale } from "@/lib/shared/i18n/locales";


/** Who calls: an address group, and the after-response hook a server action would pass (Next's after()). */
export type Caller = { ipGroup?: string | null; sendLater?: (send: () => Promise<void>) => void };

export function context(now?: Date, caller: Caller = {}, locale?: Locale): RequestContext {
  return plainContext({
    ...(now ? { now } : {}),
    ...(caller.ipGroup ? { ipGroup: caller.ipGroup } : {}),
    ...(caller.sendLater ? { afterResponse: caller.sendLater } : {}),
    ...(locale ? { locale } : {}),
  });
}

export type NewAccountInput = { email: string; country: string; wantsOffers: boolean; draftId?: string; locale?: Locale } & (
  | { password: string }
  | { passwordHash: string }
);

/** Registers as step 2 does: the password hashed first. */
export async function registerAccount(input: NewAccountInput, now?: Date, caller: Caller = {}) {
  const passwordHash = "passwordHash" in input ? input.passwordHash : await hashPassword(input.password);
  const draftIdHash = input.draftId ? hashSecret(input.draftId) : null;
  return registerFlow({ email: input.email, country: input.country, wantsOffers: input.wantsOffers, passwordHash, draftIdHash }, context(now, caller, input.locale));
}

export async function inspectActivationToken(token: unknown, now = new Date(), draftId?: string) {
  return activation.activationState(await activation.loadActivationLink(token), { draftId, now });
}

export async function consumeActivationToken(token: unknown, now?: Date, caller: Caller = {}, proof: activation.ActivationProof = {}) {
  return activation.activateAccount({ link: await activation.loadActivationLink(token), proof }, context(now, caller));
}

/**
 * The outbox worker's step for the message a request just queued unwritten (courier/outbox.ts): written by the
 * flow's composer and sent, as instrumentation.ts has the worker do. Returns what the composer decided ("sent", or
 * its reason to drop the message), or "failed" when the mail server refused it for now (the courier retries).
 */
async function asTheWorker(kind: OutboxKind, composer: Composer, now = new Date()): Promise<string> {
  const queued = await db.outboxMessage.findFirstOrThrow({ where: { kind, composeFrom: { not: null } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  let written = "sent";
  const watched: Composer = async (input) => {
    const result = await composer(input);
    if ("drop" in result) written = result.drop;
    return result;
  };
  const outcome = await sendMessage({ id: queued.id, now, composers: { [kind]: watched } });
  return outcome === "sent" || outcome === "dropped" ? written : "failed";
}

/** "Resend activation email" from the resend page, then the worker's step: "limited", or what the worker made of it. */
export async function resendActivation(email: string, now?: Date, caller: Caller = {}, binding?: ActivationBinding) {
  const asked = await resendFlow({ email, binding }, context(now, caller));
  return asked === "limited" ? asked : asTheWorker("activation", composeActivationResend, now);
}

export function saveRegistrationDraft(previousId: string | undefined, answers: drafts.RegistrationStep1, now = new Date()) {
  return drafts.saveRegistrationDraft({ previousId, answers, now });
}

export function loadRegistrationDraft(id: string | undefined, now = new Date()) {
  return drafts.loadRegistrationDraft(id, now);
}

export type Submission = Omit<HumanCheck, "purpose"> & { password: string; locale?: Locale };

/** Step 2 for the draft of this id: "missing" when there is none, as the action redirects to step 1 then. */
export async function submitRegistration(id: string | undefined, submission: Submission, now = new Date(), caller: Caller = {}) {
  const draft = await drafts.loadRegistrationDraft(id, now);
  if (!draft) return { ok: false as const, reason: "missing" as const };
  const { password, locale, ipGroup, ...human } = submission;
  return drafts.submitRegistration({ draft, password, human }, context(now, { ...caller, ipGroup }, locale));
}

/** "Resend" on the check-email page, then the worker's step when a message was queued. */
export async function resendFromDraft(id: string | undefined, now = new Date(), caller: Caller = {}) {
  const result = await drafts.resendFromDraft({ draft: await drafts.loadRegistrationDraft(id, now) }, context(now, caller));
  if (result.ok) await asTheWorker("activation", composeActivationResend, now);
  return result;
}

export async function draftBindingFor(id: string | undefined, email: string) {
  return drafts.draftBinding(await drafts.loadRegistrationDraft(id, new Date()), email);
}

/** The check-email page's question: was this draft's newest mail refused for good? */
export async function draftMailRefused(id: string | undefined) {
  const draft = await drafts.loadRegistrationDraft(id, new Date());
  return draft ? drafts.draftMailRefused(draft) : false;
}

export function signIn(attempt: SignInAttempt & { ipGroup?: string }, now?: Date) {
  const { ipGroup, ...rest } = attempt;
  return signInFlow(rest, context(now, { ipGroup }));
}

/** "Forgot password", then the worker's step: "limited", or what the worker made of it ("sent", "unknown"). */
export async function requestPasswordReset(identifier: string, now?: Date, caller: Caller = {}) {
  const asked = await recovery.requestPasswordReset({ identifier }, context(now, caller));
  return asked === "limited" ? asked : asTheWorker("password_reset", recovery.composeResetMail, now);
}

export async function inspectPasswordReset(token: unknown, now = new Date()) {
  return recovery.resetLinkState(await recovery.loadResetLink(token), now);
}

export async function passwordResetEmail(token: unknown) {
  return (await recovery.loadResetLink(token))?.account.email ?? null;
}

export async function completePasswordReset(token: unknown, password: string, now?: Date, caller: Caller = {}, keepDeviceToken?: string) {
  return recovery.completePasswordReset({ link: await recovery.loadResetLink(token), password, keepDeviceToken }, context(now, caller));
}

export function changePassword(accountId: string, browser: ThisBrowser, current: string, next: string, now?: Date, caller: Caller = {}) {
  return changePasswordFlow({ accountId, browser, current, next }, context(now, caller));
}

export function setOffers(accountId: string, wantsOffers: boolean, now?: Date, caller: Caller = {}) {
  return setOffersFlow({ accountId, wantsOffers }, context(now, caller));
}

export function deleteAccount(accountId: string, password: string, now?: Date, caller: Caller = {}) {
  return deleteFlow({ accountId, password }, context(now, caller));
}

export function exportAccountData(accountId: string, now = new Date()) {
  return exportFlow({ accountId, now });
}

export function signOut(token: string | undefined, caller: Caller = {}, now?: Date) {
  return signOutFlow({ token }, context(now, caller));
}

export function signOutEverywhere(accountId: string, caller: Caller = {}, now?: Date, keepDeviceToken?: string) {
  return endSessions({ accountId, keepDeviceToken }, context(now, caller));
}

export function endSession(accountId: string, sessionId: string, caller: Caller = {}, now?: Date) {
  return endSessionFlow({ accountId, sessionId }, context(now, caller));
}

export function endOtherSessions(accountId: string, keepSessionId: string, caller: Caller = {}, now?: Date, keepDeviceToken?: string) {
  return endSessions({ accountId, keepSessionId, keepDeviceToken }, context(now, caller));
}

export function createSession(accountId: string, now = new Date(), origin: { browser?: string | null; ipGroup?: string | null } = {}) {
  return identitySessions.createSession({ accountId, now, ...origin });
}

export function trustDevice(accountId: string, currentToken: string | undefined, now = new Date()) {
  return devices.trustDevice({ accountId, currentToken, now });
}

export function trustedDeviceOf(token: string | undefined, accountId: string | undefined, now = new Date()) {
  return devices.trustedDeviceOf({ token, accountId, now });
}

export function getSessionAccount(token: string | undefined, now = new Date()) {
  return identitySessions.getSessionAccount(token, now);
}

export function listSessions(accountId: string, now = new Date()) {
  return identitySessions.listSessions(accountId, now);
}
