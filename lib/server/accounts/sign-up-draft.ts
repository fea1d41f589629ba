import "server-only";
import { RESEND_COOLDOWN_SECONDS } from "./activation-mail";
import { registerAccount, type RegistrationOutcome } from "./registration";
import type { Locale } from "@/lib/shared/i18n/locales";
import type { ActivationBinding } from "./activation";
import { hashPassword } from "./passwords";
import { resendActivation } from "./resend";
import { checkHuman, type HumanCheck } from "@/lib/server/security/human-check";
import { db } from "@/lib/server/db/client";
import type { MailContext } from "@/lib/server/mail/dispatch";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";

// The two-step sign-up keeps step 1's answers on the server, keyed by a random id in an HttpOnly cookie; the
// browser never sends the email or country back to us in step 2. A draft lives a day, long enough to sit on
// the "check your email" page and press Resend.
export const SIGN_UP_DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type SignUpStep1 = { email: string; country: string; wantsOffers: boolean };
export type SignUpDraft = SignUpStep1 & { submitted: boolean; resendWaitSeconds: number };

/**
 * Step 1 done: stores its answers under a new id for the cookie. The id is always new (a browser cannot
 * choose it), and the draft the person came back from, if any, is replaced.
 */
export async function saveSignUpDraft(previousId: string | undefined, data: SignUpStep1, now = new Date()): Promise<string> {
  const draftId = newSecret();
  const expiresAt = new Date(now.getTime() + SIGN_UP_DRAFT_LIFETIME_MS);
  await db.signUpDraft.create({ data: { idHash: hashSecret(draftId), ...data, expiresAt } });
  const stale = [{ expiresAt: { lt: now } }, ...(isSecretShaped(previousId) ? [{ idHash: hashSecret(previousId) }] : [])];
  await db.signUpDraft.deleteMany({ where: { OR: stale } });
  return draftId;
}

function resendWaitSeconds(lastMailAt: Date | null, now: Date): number {
  if (!lastMailAt) return 0;
  const waitMs = lastMailAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000 - now.getTime();
  return Math.max(0, Math.ceil(waitMs / 1000));
}

export async function loadSignUpDraft(id: string | undefined, now = new Date()): Promise<SignUpDraft | null> {
  if (!isSecretShaped(id)) return null;
  const row = await db.signUpDraft.findUnique({ where: { idHash: hashSecret(id) } });
  if (!row || row.expiresAt <= now) return null;
  return {
    email: row.email,
    country: row.country,
    wantsOffers: row.wantsOffers,
    submitted: row.submittedAt !== null,
    resendWaitSeconds: resendWaitSeconds(row.lastMailAt, now),
  };
}

export type SignUpSubmitResult =
  | { ok: true; outcome: RegistrationOutcome }
  | { ok: false; reason: "missing" | "captcha" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Step 2 done. In order: the sign-up limits (per address group, per email), the captcha and proof of work
 * (human-check.ts; used up, right or wrong), then the account with step 1's answers and this password, which has already passed the rule
 * (lib/validation/register.ts).
 */
export async function submitSignUp(
  id: string | undefined,
  submission: Omit<HumanCheck, "purpose"> & { password: string; locale?: Locale },
  now = new Date(),
  context: Omit<MailContext, "ipGroup"> = {},
): Promise<SignUpSubmitResult> {
  const draft = await loadSignUpDraft(id, now);
  if (!draft || !id) return { ok: false, reason: "missing" };
  for (const [limit, key] of [
    [LIMITS.signUpPerIp, submission.ipGroup],
    [LIMITS.signUpPerAddress, emailKey(draft.email)],
  ] as const) {
    const allowed = await consumeLimit(limit, key);
    if (!allowed.ok) return { ok: false, reason: "rate-limited", retryAfterMs: allowed.retryAfterMs };
  }
  const human = await checkHuman({ ...submission, purpose: "sign-up" }, now);
  if (!human.ok) return human;
  const { email, country, wantsOffers } = draft;
  // Hashed here so the draft can keep it: "Resend" from this browser binds the new link to this password.
  const passwordHash = await hashPassword(submission.password);
  const outcome = await registerAccount({ email, country, wantsOffers, passwordHash, draftId: id, locale: submission.locale }, now, {
    ...context,
    ipGroup: submission.ipGroup,
  });
  // updateMany: the draft may have expired and been swept meanwhile; the account is made all the same.
  await db.signUpDraft.updateMany({ where: { idHash: hashSecret(id) }, data: { submittedAt: now, lastMailAt: now, passwordHash } });
  return { ok: true, outcome };
}

/**
 * The activation binding of this browser's submitted sign-up draft for `email`, if it has one: a link asked for
 * from this browser then needs no password here, and carries the password chosen here (activation.ts).
 */
export async function draftBindingFor(id: string | undefined, email: string): Promise<ActivationBinding | undefined> {
  if (!isSecretShaped(id)) return undefined;
  const row = await db.signUpDraft.findUnique({ where: { idHash: hashSecret(id) }, select: { email: true, passwordHash: true } });
  if (!row?.passwordHash || emailKey(row.email) !== emailKey(email)) return undefined;
  return { passwordHash: row.passwordHash, draftIdHash: hashSecret(id) };
}

export type DraftResendResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "limited" }
  | { ok: false; reason: "cooldown"; waitSeconds: number };

/**
 * "Resend activation email" from the check-email page. The cooldown shown is the draft's own, the same
 * whether or not the address has an account; the account's own cooldown applies silently underneath.
 */
export async function resendFromDraft(id: string | undefined, now = new Date(), context: MailContext = {}): Promise<DraftResendResult> {
  const draft = await loadSignUpDraft(id, now);
  if (!draft || !id || !draft.submitted) return { ok: false, reason: "missing" };
  const cutoff = new Date(now.getTime() - RESEND_COOLDOWN_SECONDS * 1000);
  const claimed = await db.signUpDraft.updateMany({
    where: { idHash: hashSecret(id), OR: [{ lastMailAt: null }, { lastMailAt: { lte: cutoff } }] },
    data: { lastMailAt: now },
  });
  if (claimed.count !== 1) return { ok: false, reason: "cooldown", waitSeconds: Math.max(1, draft.resendWaitSeconds) };
  if ((await resendActivation(draft.email, now, context, await draftBindingFor(id, draft.email))) === "limited") return { ok: false, reason: "limited" };
  return { ok: true };
}
