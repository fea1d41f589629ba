import "server-only";
import { registerAccount, resendActivation, RESEND_COOLDOWN_SECONDS, type RegistrationOutcome } from "@/lib/server/accounts/registration";
import { checkCaptcha } from "@/lib/server/security/captcha";
import { db } from "@/lib/server/db/client";
import type { MailContext } from "@/lib/server/mail/dispatch";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

// The two-step sign-up keeps step 1's answers on the server, keyed by a random id in an HttpOnly cookie; the
// browser never sends the email or country back to us in step 2. A wizard lives a day, long enough to sit on
// the "check your email" page and press Resend.
export const WIZARD_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type WizardStart = { email: string; country: string; wantsOffers: boolean };
export type Wizard = WizardStart & { submitted: boolean; resendWaitSeconds: number };

/**
 * Step 1 done: stores its answers under a new id for the cookie. The id is always new (a browser cannot
 * choose it), and the wizard the person came back from, if any, is replaced.
 */
export async function saveWizardStep1(previousId: string | undefined, data: WizardStart, now = new Date()): Promise<string> {
  const wizardId = newSecret();
  const expiresAt = new Date(now.getTime() + WIZARD_LIFETIME_MS);
  await db.registration.create({ data: { idHash: hashSecret(wizardId), ...data, expiresAt } });
  const stale = [{ expiresAt: { lt: now } }, ...(isSecretShaped(previousId) ? [{ idHash: hashSecret(previousId) }] : [])];
  await db.registration.deleteMany({ where: { OR: stale } });
  return wizardId;
}

function resendWaitSeconds(lastMailAt: Date | null, now: Date): number {
  if (!lastMailAt) return 0;
  const waitMs = lastMailAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000 - now.getTime();
  return Math.max(0, Math.ceil(waitMs / 1000));
}

export async function loadWizard(id: string | undefined, now = new Date()): Promise<Wizard | null> {
  if (!isSecretShaped(id)) return null;
  const row = await db.registration.findUnique({ where: { idHash: hashSecret(id) } });
  if (!row || row.expiresAt <= now) return null;
  return {
    email: row.email,
    country: row.country,
    wantsOffers: row.wantsOffers,
    submitted: row.submittedAt !== null,
    resendWaitSeconds: resendWaitSeconds(row.lastMailAt, now),
  };
}

export type WizardSubmitResult =
  | { ok: true; outcome: RegistrationOutcome }
  | { ok: false; reason: "missing" | "captcha" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Step 2 done. In order: the sign-up limits (per address group, per email), the captcha (used up, right or
 * wrong), then the account with step 1's answers and this password, which has already passed the rule
 * (lib/validation/register.ts).
 */
export async function submitWizard(
  id: string | undefined,
  submission: { password: string; captchaSlot: string | undefined; captchaAnswer: string; ipGroup: string },
  now = new Date(),
  context: Omit<MailContext, "ipGroup"> = {},
): Promise<WizardSubmitResult> {
  const wizard = await loadWizard(id, now);
  if (!wizard || !id) return { ok: false, reason: "missing" };
  for (const [limit, key] of [
    [LIMITS.signUpPerIp, submission.ipGroup],
    [LIMITS.signUpPerAddress, wizard.email.toLowerCase()],
  ] as const) {
    const allowed = await consumeLimit(limit, key);
    if (!allowed.ok) return { ok: false, reason: "rate-limited", retryAfterMs: allowed.retryAfterMs };
  }
  if (!(await checkCaptcha(submission.captchaSlot, submission.captchaAnswer, now))) return { ok: false, reason: "captcha" };
  const { email, country, wantsOffers } = wizard;
  const outcome = await registerAccount({ email, country, wantsOffers, password: submission.password }, now, {
    ...context,
    ipGroup: submission.ipGroup,
  });
  // updateMany: the wizard may have expired and been swept meanwhile; the account is made all the same.
  await db.registration.updateMany({ where: { idHash: hashSecret(id) }, data: { submittedAt: now, lastMailAt: now } });
  return { ok: true, outcome };
}

export type WizardResendResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "limited" }
  | { ok: false; reason: "cooldown"; waitSeconds: number };

/**
 * "Resend activation email" from the check-email page. The cooldown shown is the wizard's own, the same
 * whether or not the address has an account; the account's own cooldown applies silently underneath.
 */
export async function resendFromWizard(id: string | undefined, now = new Date(), context: MailContext = {}): Promise<WizardResendResult> {
  const wizard = await loadWizard(id, now);
  if (!wizard || !id || !wizard.submitted) return { ok: false, reason: "missing" };
  const cutoff = new Date(now.getTime() - RESEND_COOLDOWN_SECONDS * 1000);
  const claimed = await db.registration.updateMany({
    where: { idHash: hashSecret(id), OR: [{ lastMailAt: null }, { lastMailAt: { lte: cutoff } }] },
    data: { lastMailAt: now },
  });
  if (claimed.count !== 1) return { ok: false, reason: "cooldown", waitSeconds: Math.max(1, wizard.resendWaitSeconds) };
  if ((await resendActivation(wizard.email, now, context)) === "limited") return { ok: false, reason: "limited" };
  return { ok: true };
}
