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
import { registerAccount, type RegistrationOutcome } from "./registration";

// The registration flow's state: step 1's answers kept on the server, keyed by a random id in an HttpOnly cookie,
// so the browser never sends the email or country back in step 2. A draft lives a day, long enough to sit on the
// "check your email" page and press Resend. Each request loads it once (loadRegistrationDraft) and passes it on.
export const REGISTRATION_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;
export { RESEND_COOLDOWN_SECONDS };

export type RegistrationStep1 = { email: string; country: string; wantsOffers: boolean };
export type RegistrationDraft = RegistrationStep1 & {
  /** The cookie's id (the secret), and the hash it is stored under. */
  id: string;
  idHash: string;
  submitted: boolean;
  resendWaitSeconds: number;
  /** The password chosen in step 2 (bcrypt), so "Resend" from here binds the new link to it. */
  passwordHash: string | null;
  /** The newest email this registration queued. */
  messageId: string | null;
};

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
  // Until registration by phone lands (issue 22), a draft is an email's.
  if (!row || row.expiresAt <= now || row.email === null) return null;
  return {
    id,
    idHash,
    email: row.email,
    country: row.country,
    wantsOffers: row.wantsOffers,
    submitted: row.submittedAt !== null,
    resendWaitSeconds: resendWaitSeconds(row.lastMailAt, now),
    passwordHash: row.passwordHash,
    messageId: row.messageId,
  };
}

export type RegistrationSubmitResult =
  | { ok: true; outcome: RegistrationOutcome }
  | { ok: false; reason: "captcha" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Step 2 done. In order: the registration limits (per address group, per email), the captcha and proof of work
 * (human-check.ts; used up, right or wrong), then the account with step 1's answers and this password, which
 * has already passed the rule (lib/server/validation/register.ts).
 */
export async function submitRegistration(
  { draft, password, human }: { draft: RegistrationDraft; password: string; human: Omit<HumanCheck, "purpose" | "ipGroup"> },
  context: RequestContext,
): Promise<RegistrationSubmitResult> {
  for (const [limit, key] of [
    [LIMITS.registrationPerIp, context.ipGroup],
    [LIMITS.registrationPerAddress, emailKey(draft.email)],
  ] as const) {
    const allowed = await consumeLimit({ limit, key });
    if (!allowed.ok) return { ok: false, reason: "rate-limited", retryAfterMs: allowed.retryAfterMs };
  }
  const verdict = await humanVerdict({ ...human, purpose: "registration", ipGroup: context.ipGroup }, context.now);
  if (!verdict.ok) return verdict;
  // Hashed before the address is looked up, so every path spends the same bcrypt time; the draft keeps it so
  // "Resend" from this browser binds the new link to this password.
  const passwordHash = await hashPassword(password);
  const { email, country, wantsOffers } = draft;
  const outcome = await registerAccount({ email, country, wantsOffers, passwordHash, draftIdHash: draft.idHash }, context);
  // updateMany: the draft may have expired and been swept meanwhile; the account is made all the same.
  await db.registrationDraft.updateMany({
    where: { idHash: draft.idHash },
    data: { submittedAt: context.now, lastMailAt: context.now, passwordHash, messageId: outcome.messageId },
  });
  return { ok: true, outcome };
}

/**
 * The activation binding of this browser's submitted registration for `email`, if it has one: a link asked for
 * from this browser then needs no password here, and carries the password chosen here.
 */
export function draftBinding(draft: RegistrationDraft | null, email: string): ActivationBinding | undefined {
  if (!draft?.passwordHash || emailKey(draft.email) !== emailKey(email)) return undefined;
  return { passwordHash: draft.passwordHash, draftIdHash: draft.idHash };
}

/**
 * Whether this browser submitted a registration of the typed identifier (an email): the sign-in page then offers
 * it the activation email again. It reads only the browser's own draft, never the account, so it says the same
 * whether the address is free, pending or someone's active account.
 */
export function registeredInThisBrowser(draft: RegistrationDraft | null, identifier: string): draft is RegistrationDraft {
  return draft !== null && draft.submitted && emailKey(draft.email) === emailKey(identifier.trim());
}

/** Whether the newest email of this registration was refused for good (the check-email page says so). */
export async function draftMailRefused(draft: RegistrationDraft): Promise<boolean> {
  return draft.messageId !== null && messageRefused(draft.messageId);
}

export type DraftResendResult = { ok: true } | { ok: false; reason: "missing" | "limited" } | { ok: false; reason: "cooldown"; waitSeconds: number };

/**
 * "Resend activation email" from the check-email page. The cooldown shown is the draft's own, the same whether or
 * not the address has an account; the account's own cooldown applies silently underneath.
 */
export async function resendFromDraft({ draft }: { draft: RegistrationDraft | null }, context: RequestContext): Promise<DraftResendResult> {
  if (!draft?.submitted) return { ok: false, reason: "missing" };
  const cutoff = new Date(context.now.getTime() - RESEND_COOLDOWN_SECONDS * 1000);
  const claimed = await db.registrationDraft.updateMany({
    where: { idHash: draft.idHash, OR: [{ lastMailAt: null }, { lastMailAt: { lte: cutoff } }] },
    data: { lastMailAt: context.now },
  });
  if (claimed.count !== 1) return { ok: false, reason: "cooldown", waitSeconds: Math.max(1, draft.resendWaitSeconds) };
  // Queued unwritten, as from the resend page: what the account's state decides happens later, in the worker, so
  // this browser learns nothing from the timing about an address someone else may own.
  const queued = await queueActivationResend({ email: draft.email, binding: draftBinding(draft, draft.email), ipGroup: context.ipGroup, now: context.now });
  if ("limited" in queued) return { ok: false, reason: "limited" };
  await db.registrationDraft.updateMany({ where: { idHash: draft.idHash }, data: { messageId: queued.queued } });
  return { ok: true };
}
