import "server-only";
import { messageRefused } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/identity/passwords";
import { RESEND_COOLDOWN_SECONDS, type ActivationBinding } from "@/lib/server/methods/email-link/activation";
import { queueActivationResend } from "@/lib/server/methods/email-link/resend";
import { humanVerdict, type HumanCheck } from "@/lib/server/security/human-check";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";
import type { RequestContext } from "../context";
import { registerByPhone, resendRegistrationCode, type PhoneRegistrationOutcome, type SmsRefused } from "./phone-registration";
import { registerAccount, type RegistrationOutcome } from "./registration";

// The registration flow's state: step 1's answers kept on the server, keyed by a random id in an HttpOnly cookie,
// so the browser never sends the email or country back in step 2. A draft lives a day, long enough to sit on the
// "check your email" page and press Resend. Each request loads it once (loadRegistrationDraft) and passes it on.
export const REGISTRATION_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;
export { RESEND_COOLDOWN_SECONDS };

/** Step 1's answers: the country/region, the offers choice, and what the account is registered by. */
type Step1Common = { country: string; wantsOffers: boolean };
export type EmailStep1 = Step1Common & { email: string; phone?: undefined };
/** `phone`: the mobile number in E.164, as lib/shared/phone-number.ts read it in the chosen country. */
export type PhoneStep1 = Step1Common & { phone: string; email?: undefined };
export type RegistrationStep1 = EmailStep1 | PhoneStep1;

type DraftState = {
  /** The cookie's id (the secret), and the hash it is stored under. */
  id: string;
  idHash: string;
  submitted: boolean;
  resendWaitSeconds: number;
  /** The password chosen in step 2 (bcrypt), so "Resend" from here binds the new link or code to it. */
  passwordHash: string | null;
  /** The newest email or text message this registration queued. */
  messageId: string | null;
};
export type EmailRegistrationDraft = EmailStep1 & DraftState;
export type PhoneRegistrationDraft = PhoneStep1 &
  DraftState & {
    /** When this registration's newest code was asked for (sent or not): the code page's clock counts from it. */
    codeAskedAt: Date | null;
  };
export type RegistrationDraft = EmailRegistrationDraft | PhoneRegistrationDraft;

/**
 * Step 1 done: stores its answers under a new id for the cookie. The id is always new (a browser cannot choose
 * it), and the draft the person came back from, if any, is replaced.
 */
export async function saveRegistrationDraft({ previousId, answers, now }: { previousId?: string; answers: RegistrationStep1; now: Date }): Promise<string> {
  const draftId = newSecret();
  const expiresAt = new Date(now.getTime() + REGISTRATION_DRAFT_LIFETIME_MS);
  await db.registrationDraft.create({ data: { idHash: hashSecret(draftId), ...answers, expiresAt } });
  const stale = [{ expiresAt: { lt: now } }, ...(isSecretShaped(previousId) ? [{ idHash: hashSecret(previousId) }] : [])];
  await db.registrationDraft.deleteMany({ where: { OR: stale } });
  return draftId;
}

function resendWaitSeconds(lastMailAt: Date | null, now: Date): number {
  if (!lastMailAt) return 0;
  const waitMs = lastMailAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000 - now.getTime();
  return Math.max(0, Math.ceil(waitMs / 1000));
}

export async function loadRegistrationDraft(id: string | undefined, now: Date): Promise<RegistrationDraft | null> {
  if (!isSecretShaped(id)) return null;
  const idHash = hashSecret(id);
  const row = await db.registrationDraft.findUnique({ where: { idHash } });
  if (!row || row.expiresAt <= now) return null;
  const state: DraftState = {
    id,
    idHash,
    submitted: row.submittedAt !== null,
    resendWaitSeconds: resendWaitSeconds(row.lastMailAt, now),
    passwordHash: row.passwordHash,
    messageId: row.messageId,
  };
  const common = { country: row.country, wantsOffers: row.wantsOffers };
  // Exactly one of the two is set (saveRegistrationDraft writes one); a row with neither is no draft.
  if (row.email !== null) return { ...common, email: row.email, ...state };
  if (row.phone !== null) return { ...common, phone: row.phone, ...state, codeAskedAt: row.lastMailAt };
  return null;
}

export type RegistrationSubmitResult =
  | { ok: true; outcome: RegistrationOutcome | PhoneRegistrationOutcome }
  | { ok: false; reason: "captcha" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number }
  | SmsRefused;

/**
 * Step 2 done. In order: the registration limits (per address group, per email or number), the captcha and proof
 * of work (human-check.ts; used up, right or wrong), then, for a number, the SMS guards (phone-registration.ts),
 * and the account with step 1's answers and this password, which has already passed the rule
 * (lib/server/validation/register.ts).
 */
export async function submitRegistration(
  { draft, password, human }: { draft: RegistrationDraft; password: string; human: Omit<HumanCheck, "purpose" | "ipGroup"> },
  context: RequestContext,
): Promise<RegistrationSubmitResult> {
  for (const [limit, key] of [
    [LIMITS.registrationPerIp, context.ipGroup],
    // A number is counted by its E.164 form, the one every way of typing it comes to.
    [LIMITS.registrationPerAddress, draft.phone ?? emailKey(draft.email)],
  ] as const) {
    const allowed = await consumeLimit({ limit, key });
    if (!allowed.ok) return { ok: false, reason: "rate-limited", retryAfterMs: allowed.retryAfterMs };
  }
  const verdict = await humanVerdict({ ...human, purpose: "registration", ipGroup: context.ipGroup }, context.now);
  if (!verdict.ok) return verdict;
  if (draft.phone !== undefined) {
    const { phone, country, wantsOffers } = draft;
    const registered = await registerByPhone({ phone, country, wantsOffers, password, draftIdHash: draft.idHash }, context);
    if (!registered.ok) return registered;
    await markSubmitted(draft, { passwordHash: registered.passwordHash, messageId: registered.outcome.messageId }, context.now);
    return { ok: true, outcome: registered.outcome };
  }
  // Hashed before the address is looked up, so every path spends the same bcrypt time; the draft keeps it so
  // "Resend" from this browser binds the new link to this password.
  const passwordHash = await hashPassword(password);
  const { email, country, wantsOffers } = draft;
  const outcome = await registerAccount({ email, country, wantsOffers, passwordHash, draftIdHash: draft.idHash }, context);
  await markSubmitted(draft, { passwordHash, messageId: outcome.messageId }, context.now);
  return { ok: true, outcome };
}

async function markSubmitted(draft: RegistrationDraft, { passwordHash, messageId }: { passwordHash: string; messageId?: string }, now: Date) {
  // updateMany: the draft may have expired and been swept meanwhile; the account is made all the same.
  await db.registrationDraft.updateMany({
    where: { idHash: draft.idHash },
    data: { submittedAt: now, lastMailAt: now, passwordHash, messageId: messageId ?? null },
  });
}

/**
 * The activation binding of this browser's submitted registration for `email`, if it has one: a link asked for
 * from this browser then needs no password here, and carries the password chosen here.
 */
export function draftBinding(draft: RegistrationDraft | null, email: string): ActivationBinding | undefined {
  if (!draft?.passwordHash || draft.email === undefined || emailKey(draft.email) !== emailKey(email)) return undefined;
  return { passwordHash: draft.passwordHash, draftIdHash: draft.idHash };
}

/**
 * Whether this browser submitted a registration of the typed identifier (an email): the sign-in page then offers
 * it the activation email again. It reads only the browser's own draft, never the account, so it says the same
 * whether the address is free, pending or someone's active account.
 */
export function registeredInThisBrowser(draft: RegistrationDraft | null, identifier: string): draft is EmailRegistrationDraft {
  return draft !== null && draft.submitted && draft.email !== undefined && emailKey(draft.email) === emailKey(identifier.trim());
}

/** Whether the newest email of this registration was refused for good (the check-email page says so). */
export async function draftMailRefused(draft: RegistrationDraft): Promise<boolean> {
  return draft.messageId !== null && messageRefused(draft.messageId);
}

/**
 * What became of the newest text of a phone registration, when the code page must say it: refused for good (the
 * network does not know the number), or never sent (it expired in the queue while the SMS gateway was down, or
 * the courier gave up): the page then offers a new code.
 */
export async function draftCodeUndelivered(draft: PhoneRegistrationDraft): Promise<"refused" | "expired" | null> {
  if (draft.messageId === null) return null;
  if (await messageRefused(draft.messageId)) return "refused";
  const message = await db.outboxMessage.findUnique({ where: { id: draft.messageId }, select: { status: true } });
  // "dead" without a refusal: the courier gave up after a day of retries, long after the code's ten minutes.
  return message?.status === "expired" || message?.status === "dead" ? "expired" : null;
}

export type DraftResendResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "limited" }
  | { ok: false; reason: "cooldown"; waitSeconds: number }
  | SmsRefused;

/**
 * "Resend activation email" from the check-email page, or "Resend code" from the code page. The cooldown shown is
 * the draft's own, the same whether or not the address or number has an account; the account's own cooldown (an
 * email's) or the SMS guards (a number's) apply underneath.
 */
export async function resendFromDraft({ draft }: { draft: RegistrationDraft | null }, context: RequestContext): Promise<DraftResendResult> {
  if (!draft?.submitted) return { ok: false, reason: "missing" };
  const cutoff = new Date(context.now.getTime() - RESEND_COOLDOWN_SECONDS * 1000);
  const claimed = await db.registrationDraft.updateMany({
    where: { idHash: draft.idHash, OR: [{ lastMailAt: null }, { lastMailAt: { lte: cutoff } }] },
    data: { lastMailAt: context.now },
  });
  if (claimed.count !== 1) return { ok: false, reason: "cooldown", waitSeconds: Math.max(1, draft.resendWaitSeconds) };
  if (draft.phone !== undefined) return resendCodeFromDraft(draft, context);
  // Queued unwritten, as from the resend page: what the account's state decides happens later, in the worker, so
  // this browser learns nothing from the timing about an address someone else may own.
  const queued = await queueActivationResend({ email: draft.email, binding: draftBinding(draft, draft.email), ipGroup: context.ipGroup, now: context.now });
  if ("limited" in queued) return { ok: false, reason: "limited" };
  await db.registrationDraft.updateMany({ where: { idHash: draft.idHash }, data: { messageId: queued.queued } });
  return { ok: true };
}

async function resendCodeFromDraft(draft: PhoneRegistrationDraft, context: RequestContext): Promise<DraftResendResult> {
  // A submitted draft has its password (step 2 wrote both together).
  const binding = { passwordHash: draft.passwordHash ?? "", draftIdHash: draft.idHash };
  const sent = await resendRegistrationCode({ phone: draft.phone, binding }, context);
  if (!sent.ok) {
    // Nothing was sent: the draft's countdown goes back to the code it had, so the page does not make the person
    // wait twice (the guard's own wait is the one shown).
    await db.registrationDraft.updateMany({ where: { idHash: draft.idHash, lastMailAt: context.now }, data: { lastMailAt: draft.codeAskedAt } });
    return sent;
  }
  await db.registrationDraft.updateMany({ where: { idHash: draft.idHash }, data: { messageId: sent.messageId } });
  return { ok: true };
}
