import "server-only";
import { renderBindingCodeEmail } from "@/emails";
import { queueMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { issueCode } from "@/lib/server/methods/code/one-time-code";
import { queueCodeSms } from "@/lib/server/methods/code/sms";
import { humanVerdict, type HumanCheck } from "@/lib/server/security/human-check";
import { consumeLimit, LIMITS, refundAttempt } from "@/lib/server/security/rate-limit";
import { admitSms, releaseSms, type SmsRefusal } from "@/lib/server/security/sms-guard";
import { emailKey } from "@/lib/shared/email-address";
import { toLocale } from "@/lib/shared/i18n/locales";
import { CODE_RESEND_COOLDOWN_SECONDS } from "@/lib/shared/one-time-code";
import type { MobileNumber } from "@/lib/shared/phone-number";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { newestBindingCode } from "./binding";
import { checkCurrentPassword } from "./password";

// Asking for a binding code on the account page: a phone number (texted) or an email address (mailed) the person
// wants to add to the account, or to put in place of the one it has. The current password first, so a session
// left open is not enough; then the code goes to the new number or address, and only that code binds it
// (binding.ts). Whether the number or address belongs to another account is not said here: it is said only to
// whoever typed the right code, that is, to its owner.
//
// Limits: five codes an hour per account (LIMITS.bindingRequestsPerAccount), whatever is typed; a number also
// passes the captcha and proof of work, then every SMS guard (security/sms-guard.ts), before its text is queued;
// an address gets one code a minute (CODE_RESEND_COOLDOWN_SECONDS).

/** How long "Send a new code" may resend an email code without the password being typed again. */
const EMAIL_RESEND_WINDOW_MS = 60 * 60 * 1000;

export type BindingRequest =
  | { ok: true; sentTo: string }
  /** The number or address is already this account's own: nothing to prove. */
  | { ok: false; reason: "unchanged" | "wrong-password" | "captcha" }
  | { ok: false; reason: "limited"; retryAfterMs: number }
  /** A code went to an address less than a minute ago. */
  | { ok: false; reason: "cooldown"; waitSeconds: number }
  /** An SMS guard refused the text (security/sms-guard.ts): the page says which, calmly. */
  | { ok: false; reason: "sms"; refusal: SmsRefusal; retryAfterMs: number };

/** The captcha and proof of work as the form sent them (the address group comes from the request). */
export type HumanAnswer = Omit<HumanCheck, "purpose" | "ipGroup">;

type Proof = { accountId: string; password: string };

/** The password, checked under the account's budget (shared with the password change and deletion). */
async function passwordProof({ accountId, password }: Proof): Promise<Extract<BindingRequest, { ok: false }> | null> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { passwordHash: true } });
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  return checked.right ? null : { ok: false, reason: "wrong-password" };
}

/** Texts a binding code to `number`: captcha and proof of work, password, the account's limit, the SMS guards. */
export async function requestPhoneBinding(
  { accountId, number, password, human }: Proof & { number: MobileNumber; human: HumanAnswer },
  context: RequestContext,
): Promise<BindingRequest> {
  const { now, ipGroup } = context;
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { phone: true, locale: true } });
  if (account.phone === number.e164) return { ok: false, reason: "unchanged" };
  const verdict = await humanVerdict({ ...human, purpose: "binding", ipGroup }, now);
  if (!verdict.ok) return verdict.reason === "captcha" ? { ok: false, reason: "captcha" } : { ok: false, reason: "limited", retryAfterMs: verdict.retryAfterMs };
  const refused = await passwordProof({ accountId, password });
  if (refused) return refused;
  const allowed = await consumeLimit({ limit: LIMITS.bindingRequestsPerAccount, key: accountId });
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  const admitted = await admitSms({ number, ipGroup });
  if (!admitted.ok) {
    // No text went out: the request does not count against the account's five.
    await refundAttempt({ limit: LIMITS.bindingRequestsPerAccount, key: accountId });
    return { ok: false, reason: "sms", refusal: admitted.reason, retryAfterMs: admitted.retryAfterMs };
  }
  let queued;
  try {
    queued = await db.$transaction((tx) => queueCodeSms(tx, { account: { id: accountId, locale: account.locale }, purpose: "binding", to: number.e164, now }));
  } catch (error) {
    await releaseSms({ number, ipGroup });
    throw error;
  }
  await afterCommit(context, { send: [queued], audit: [{ event: "code_sent", outcome: "binding", accountId, by: "owner" }] });
  return { ok: true, sentTo: number.e164 };
}

/** Mails a binding code to `email` (normalized by the form's schema): password, cooldown, the account's limit. */
export async function requestEmailBinding({ accountId, email, password }: Proof & { email: string }, context: RequestContext): Promise<BindingRequest> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { emailKey: true } });
  if (account.emailKey === emailKey(email)) return { ok: false, reason: "unchanged" };
  const waiting = await cooldown({ accountId, now: context.now });
  if (waiting) return waiting;
  const refused = await passwordProof({ accountId, password });
  if (refused) return refused;
  return mailCode({ accountId, email }, context);
}

/**
 * "Send a new code" on the code page: another code to the address the last one went to, without the password
 * again, within an hour of that one; the cooldown and the account's limit still apply. "expired": there is no
 * such recent email code (the page then offers to start again).
 */
export async function resendBindingEmail({ accountId }: { accountId: string }, context: RequestContext): Promise<BindingRequest | { ok: false; reason: "expired" }> {
  const last = await newestBindingCode({ accountId });
  if (!last || last.kind !== "email" || context.now.getTime() - last.createdAt.getTime() > EMAIL_RESEND_WINDOW_MS) return { ok: false, reason: "expired" };
  const waiting = await cooldown({ accountId, now: context.now });
  if (waiting) return waiting;
  return mailCode({ accountId, email: last.sentTo }, context);
}

/** One email code a minute per account, counted from the newest one mailed. */
async function cooldown({ accountId, now }: { accountId: string; now: Date }): Promise<BindingRequest | null> {
  const last = await newestBindingCode({ accountId });
  if (!last || last.kind !== "email") return null;
  const waitMs = last.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000 - now.getTime();
  return waitMs > 0 ? { ok: false, reason: "cooldown", waitSeconds: Math.ceil(waitMs / 1000) } : null;
}

async function mailCode({ accountId, email }: { accountId: string; email: string }, context: RequestContext): Promise<BindingRequest> {
  const { now } = context;
  const allowed = await consumeLimit({ limit: LIMITS.bindingRequestsPerAccount, key: accountId });
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  const { locale } = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { locale: true } });
  const messageId = await db.$transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, { accountId, purpose: "binding", sentTo: email, now });
    const mail = await renderBindingCodeEmail({ code, locale: toLocale(locale) });
    // Secret: the body is cleared once sent; expiring with the code: a mail stuck past it is never sent.
    return queueMessage(tx, { channel: "email", kind: "binding_code", to: email, ...mail, reference: accountId, secret: true, expiresAt, now });
  });
  await afterCommit(context, { send: [{ messageId }], audit: [{ event: "code_sent", outcome: "binding", accountId, by: "owner" }] });
  return { ok: true, sentTo: email };
}
