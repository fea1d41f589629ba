import "server-only";
import { cancelMessages, type QueuedMessage } from "@/lib/server/courier/outbox";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { MI_ID_ATTEMPTS, newMiId } from "@/lib/server/identity/mi-id";
import { hashPassword } from "@/lib/server/identity/passwords";
import { log } from "@/lib/server/log";
import type { CodeBinding } from "@/lib/server/methods/code/one-time-code";
import { CODE_MESSAGE_KIND, queueCodeSms } from "@/lib/server/methods/code/sms";
import { admitSms, releaseSms, type SmsRefusal } from "@/lib/server/security/sms-guard";
import { parseMobileNumber, type MobileNumber } from "@/lib/shared/phone-number";
import { afterCommit, type Dispatch } from "../after-commit";
import type { RequestContext } from "../context";

// Registration by mobile number: step 2 makes the account pending with its phone and no email, and texts a
// registration code (methods/code/) bound to the password chosen and to this browser's draft, where the code is
// typed (flows/verification/code-activation.ts). Every code costs money and can be pumped, so nothing is queued
// before admitSms has taken the message's place under every SMS limit; the page has already checked the captcha
// and proof of work.

export type SmsRefused = { ok: false; reason: "sms"; refusal: SmsRefusal; retryAfterMs: number };

/**
 * What happened, for logs and tests only: the page is the same "we sent a code" page whatever the number's state.
 * `messageId`: the text message queued, absent when none was (a number that is already an active account's).
 */
export type PhoneRegistrationOutcome = { kind: "created" | "pending-replaced" | "already-active"; messageId?: string; mail: Dispatch };

/** A number this portal stored (E.164), read again for the SMS guards: its region and calling code. */
export function storedNumber(e164: string): MobileNumber {
  const parsed = parseMobileNumber({ input: e164 });
  // Only parsed mobile numbers are ever stored; a number the metadata no longer knows is an operator's problem.
  if (!parsed.ok) throw new Error(`storedNumber: ${parsed.problem} number in a registration draft`);
  return parsed.number;
}

type NewPhoneAccount = { phone: string; country: string; wantsOffers: boolean; password: string; draftIdHash: string };

/**
 * Step 2 of a phone registration, after the registration limits and the human check: the SMS guards, then the
 * account (made, or its pending registration replaced) with a registration code, or nothing at all when a guard
 * refuses.
 */
export async function registerByPhone(input: NewPhoneAccount, context: RequestContext): Promise<{ ok: true; outcome: PhoneRegistrationOutcome; passwordHash: string } | SmsRefused> {
  const number = storedNumber(input.phone);
  const admitted = await admitSms({ number, ipGroup: context.ipGroup });
  if (!admitted.ok) return { ok: false, reason: "sms", refusal: admitted.reason, retryAfterMs: admitted.retryAfterMs };
  try {
    // After the guards, so a refused request costs no bcrypt; the same work for every number from here on.
    const passwordHash = await hashPassword(input.password);
    const outcome = await persistWithRetries({ ...input, passwordHash }, context);
    // An active number's registration queued nothing, yet keeps its place under the SMS limits: giving it back
    // would let a second try tell an active number (no cooldown) from a new one.
    return { ok: true, outcome, passwordHash };
  } catch (error) {
    await releaseSms({ number, ipGroup: context.ipGroup });
    throw error;
  }
}

async function persistWithRetries(input: Omit<NewPhoneAccount, "password"> & { passwordHash: string }, context: RequestContext): Promise<PhoneRegistrationOutcome> {
  for (let attempt = 1; attempt <= MI_ID_ATTEMPTS; attempt++) {
    try {
      const { kind, accountId, message } = await persist(input, context);
      const mail = await afterCommit(context, {
        send: message ? [message] : [],
        audit: [
          { event: "sign_up", outcome: kind, accountId, by: "stranger" },
          ...(message ? [{ event: "code_sent" as const, outcome: "registration", accountId, by: "stranger" as const }] : []),
        ],
        log: { event: kind === "already-active" ? "registration.existing-active" : `registration.${kind}`, fields: kind === "already-active" ? { by: "phone" } : { accountId, by: "phone" } },
      });
      return { kind, ...(message ? { messageId: message.messageId } : {}), mail };
    } catch (error) {
      // A Mi ID collision draws a new ID; a racing registration or activation of the same number is answered by
      // the next pass, which finds that account as it now is.
      if (!(error instanceof AccountChanged) && uniqueViolationFields(error) === null) throw error;
      log.warn("registration.retry", { attempt });
    }
  }
  throw new Error("registerByPhone: gave up after repeated unique-constraint conflicts");
}

async function persist(
  input: Omit<NewPhoneAccount, "password"> & { passwordHash: string },
  { now, locale }: RequestContext,
): Promise<{ kind: PhoneRegistrationOutcome["kind"]; accountId: string; message: QueuedMessage | null }> {
  const binding: CodeBinding = { passwordHash: input.passwordHash, draftIdHash: input.draftIdHash };
  const existing = await db.account.findUnique({ where: { phone: input.phone } });
  if (existing?.status === "active") {
    // The same answer and page as a new number, and no text: a code would prove nothing (the number is already
    // proven), and unlike an email an SMS "someone tried to register your number" costs money and can be pumped.
    return { kind: "already-active", accountId: existing.id, message: null };
  }
  // The account, its code and its text message are written together: all of them or none.
  return db.$transaction(async (tx) => {
    if (existing) {
      // The newest registration of a pending number wins: its password is the one the new code carries, and the
      // earlier codes (and any of their texts still queued) end. The status condition leaves an account that was
      // activated meanwhile untouched (the next pass then finds it active).
      const replaced = await tx.account.updateMany({
        where: { id: existing.id, status: "pending" },
        data: { passwordHash: input.passwordHash, country: input.country, wantsOffers: input.wantsOffers, locale },
      });
      if (replaced.count !== 1) throw new AccountChanged();
      const message = await sendRegistrationCode(tx, { account: { id: existing.id, locale }, phone: input.phone, binding, now });
      return { kind: "pending-replaced" as const, accountId: existing.id, message };
    }
    const account = await tx.account.create({
      data: { miId: newMiId(), phone: input.phone, country: input.country, wantsOffers: input.wantsOffers, passwordHash: input.passwordHash, locale },
    });
    const message = await sendRegistrationCode(tx, { account, phone: input.phone, binding, now });
    return { kind: "created" as const, accountId: account.id, message };
  });
}

/** A new registration code for a pending account (issueCode ends the earlier ones), and its text queued. */
async function sendRegistrationCode(
  tx: TransactionClient,
  { account, phone, binding, now }: { account: { id: string; locale: string }; phone: string; binding: CodeBinding; now: Date },
): Promise<QueuedMessage> {
  // An earlier code's text still waiting in the queue would carry a dead code.
  await cancelMessages(tx, { kind: CODE_MESSAGE_KIND.registration, reference: account.id });
  return queueCodeSms(tx, { account, purpose: "registration", to: phone, binding, now });
}

/**
 * "Resend code" from the code page, after the draft's own cooldown: the SMS guards, then a new code for the
 * pending account of the number, bound to the password this browser chose. An active number's gets nothing but
 * the same answer; its guards' places are kept, as in registerByPhone.
 */
export async function resendRegistrationCode(
  { phone, binding }: { phone: string; binding: CodeBinding },
  context: RequestContext,
): Promise<{ ok: true; messageId: string | null } | SmsRefused> {
  const number = storedNumber(phone);
  const admitted = await admitSms({ number, ipGroup: context.ipGroup });
  if (!admitted.ok) return { ok: false, reason: "sms", refusal: admitted.reason, retryAfterMs: admitted.retryAfterMs };
  let sent: { accountId: string; message: QueuedMessage } | null;
  try {
    sent = await db.$transaction(async (tx) => {
      const account = await tx.account.findUnique({ where: { phone }, select: { id: true, locale: true, status: true } });
      if (account?.status !== "pending") return null;
      return { accountId: account.id, message: await sendRegistrationCode(tx, { account, phone, binding, now: context.now }) };
    });
  } catch (error) {
    await releaseSms({ number, ipGroup: context.ipGroup });
    throw error;
  }
  await afterCommit(context, {
    send: sent ? [sent.message] : [],
    audit: [
      { event: "resend", outcome: sent ? "queued" : "no-code", accountId: sent?.accountId ?? null, by: "stranger" },
      ...(sent ? [{ event: "code_sent" as const, outcome: "registration", accountId: sent.accountId, by: "stranger" as const }] : []),
    ],
    ...(sent ? { log: { event: "registration.code-resent", fields: { accountId: sent.accountId } } } : {}),
  });
  return { ok: true, messageId: sent?.message.messageId ?? null };
}

/** The account changed between reading and writing it; the registration is retried against its new state. */
class AccountChanged extends Error {}
