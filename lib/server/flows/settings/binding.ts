import "server-only";
import { messageRefused } from "@/lib/server/courier/outbox";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import { redeemCode } from "@/lib/server/methods/code/one-time-code";
import { emailKey } from "@/lib/shared/email-address";
import { CODE_MAX_TRIES, CODE_RESEND_COOLDOWN_SECONDS } from "@/lib/shared/one-time-code";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { checkCurrentPassword } from "./password";

// One account, both ways: an account has an email, a phone number, or both, and the account page adds, changes or
// removes either while the other remains. Adding or changing one is proven by a binding code sent to it
// (binding-request.ts asks for it); typing it here binds exactly where the code went (the code row's sentTo), never
// what a form says. Removing one takes the current password, and never the last one: an account always keeps a way
// to be found and recovered.
//
// A number or address already bound to another account is found out only after the right code (its owner typing
// it), and then nothing changes; the unique indexes on Account.phone and Account.emailKey are the final judge when
// two accounts race for one.

export type Identifier = "email" | "phone";

/** A binding code's channel, told by where it went: an address has an "@", an E.164 number never does. */
export function identifierOf(sentTo: string): Identifier {
  return sentTo.includes("@") ? "email" : "phone";
}

/** The account's newest unused binding code (live or not), or null. */
export async function newestBindingCode({ accountId }: { accountId: string }) {
  const row = await db.oneTimeCode.findFirst({ where: { accountId, purpose: "binding", usedAt: null }, orderBy: { createdAt: "desc" } });
  return row ? { ...row, kind: identifierOf(row.sentTo) } : null;
}

/**
 * What the code page shows: where the newest binding code went, whether it can still be typed, whether its text
 * was refused for good by the gateway (the number does not exist, say), and for an email code how long until a
 * new one may be sent. Null when no code was asked for.
 */
export async function pendingBinding({ accountId, now }: { accountId: string; now: Date }) {
  const code = await newestBindingCode({ accountId });
  if (!code) return null;
  const message = await db.outboxMessage.findFirst({ where: { reference: accountId, kind: "binding_code" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const resendAt = code.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000;
  return {
    kind: code.kind,
    sentTo: code.sentTo,
    live: code.expiresAt > now && code.failures < CODE_MAX_TRIES,
    refused: message ? await messageRefused(message.id) : false,
    resendInSeconds: Math.max(0, Math.ceil((resendAt - now.getTime()) / 1000)),
  };
}

export type BindingConfirmation =
  | { ok: true; identifier: Identifier; value: string }
  | { ok: false; reason: "wrong"; triesLeft: number; identifier: Identifier | null }
  | { ok: false; reason: "expired" | "dead" }
  /** The right code, for a number or address another account has: nothing changed. */
  | { ok: false; reason: "taken"; identifier: Identifier };

class Taken extends Error {}

/** The typed code binds the number or address it was sent to, in one transaction with its use. */
export async function confirmBinding({ accountId, code }: { accountId: string; code: string }, context: RequestContext): Promise<BindingConfirmation> {
  const { now } = context;
  const pending = await newestBindingCode({ accountId });
  let outcome: BindingConfirmation;
  try {
    outcome = await db.$transaction(async (tx): Promise<BindingConfirmation> => {
      const check = await redeemCode({ accountId, purpose: "binding", typed: code, now, within: tx });
      if (!check.ok) return check.reason === "wrong" ? { ...check, identifier: pending?.kind ?? null } : check;
      const identifier = identifierOf(check.sentTo);
      const owner = identifier === "phone" ? { phone: check.sentTo } : { emailKey: emailKey(check.sentTo) };
      // The code is used up either way: the owner of that number or address has been told, and may not retry it.
      if (await tx.account.findFirst({ where: { ...owner, id: { not: accountId } }, select: { id: true } })) return { ok: false, reason: "taken", identifier };
      const data = identifier === "phone" ? { phone: check.sentTo } : { email: check.sentTo, emailKey: emailKey(check.sentTo) };
      try {
        await tx.account.update({ where: { id: accountId }, data });
      } catch (error) {
        // Another account took it between the look and the write: the transaction is undone, the code unused.
        if (uniqueViolationFields(error) !== null) throw new Taken();
        throw error;
      }
      return { ok: true, identifier, value: check.sentTo };
    });
  } catch (error) {
    if (!(error instanceof Taken) && uniqueViolationFields(error) === null) throw error;
    outcome = { ok: false, reason: "taken", identifier: pending?.kind ?? "phone" };
  }
  if (outcome.ok) await afterCommit(context, { audit: [{ event: "identifier_bound", outcome: outcome.identifier, accountId, by: "owner" }] });
  if (!outcome.ok && outcome.reason === "wrong") await afterCommit(context, { audit: [{ event: "code_failed", outcome: "binding", accountId, by: "owner" }] });
  return outcome;
}

export type IdentifierRemoval =
  | { ok: true }
  /** "absent": the account has no such identifier; "last": it is the only one left, so it stays. */
  | { ok: false; reason: "absent" | "last" | "wrong-password" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/** Removes the email or the phone number, with the current password, while the other remains. */
export async function removeIdentifier(
  { accountId, identifier, password }: { accountId: string; identifier: Identifier; password: string },
  context: RequestContext,
): Promise<IdentifierRemoval> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const other: Identifier = identifier === "email" ? "phone" : "email";
  if (!account[identifier]) return { ok: false, reason: "absent" };
  if (!account[other]) return { ok: false, reason: "last" };
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  if (!checked.right) return { ok: false, reason: "wrong-password" };
  // Only while the other is still there: two removals racing (one per identifier) cannot leave neither.
  const { count } = await db.account.updateMany({
    where: { id: accountId, [other]: { not: null } },
    data: identifier === "email" ? { email: null, emailKey: null } : { phone: null },
  });
  if (count !== 1) return { ok: false, reason: "last" };
  await afterCommit(context, { audit: [{ event: "identifier_removed", outcome: identifier, accountId, by: "owner" }] });
  return { ok: true };
}
