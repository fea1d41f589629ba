import "server-only";
import { cancelMessages } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { CODE_LIFETIME_MS, endCodes, redeemCode } from "@/lib/server/methods/code/one-time-code";
import { CODE_MESSAGE_KIND } from "@/lib/server/methods/code/sms";
import { countAttempt, type Limit } from "@/lib/server/security/rate-limit";
import { CODE_MAX_TRIES } from "@/lib/shared/one-time-code";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

// Verification by a texted code, the phone's counterpart of the emailed link: the code page of the browser that
// registered the number (its draft) takes the 6-digit code, and the right one activates the pending account with
// the password chosen with that code (the code's binding, as the link's ActivationBinding). redeemCode
// (methods/code/) reserves each try before comparing, so bursts of guesses get no more compares than a person.

export type CodeActivationResult =
  | { ok: true; miId: string; phone: string }
  /** Wrong; `triesLeft` more may be typed before a new code is needed. */
  | { ok: false; reason: "wrong"; triesLeft: number }
  /** No live code here: expired, replaced by a newer one, asked for in another browser, or used. */
  | { ok: false; reason: "expired" }
  /** Too many wrong codes: a new code is needed. */
  | { ok: false; reason: "dead" };

/**
 * Tries typed on the code page of a number that has no code to type (already an active account's): counted like
 * a code's, per registration draft and per code asked, so the page answers "wrong, n tries left", then "too many",
 * exactly as it does for a pending number, and never tells the two apart.
 */
const TRIES_WITHOUT_CODE: Limit = { keyPrefix: "registration-code-void", points: CODE_MAX_TRIES, durationSec: Math.ceil(CODE_LIFETIME_MS / 1000) };

/**
 * The registration of `phone` (E.164) made in this browser: `draftIdHash` is its draft, `passwordHash` the password
 * it chose (null before step 2), and `codeAskedAt` when it last asked for a code (step 2, or Resend).
 */
export type CodeRegistration = { phone: string; draftIdHash: string; passwordHash: string | null; codeAskedAt: Date | null };

/** Checks the typed code (already shaped: six digits) and, when right, activates the account once. */
export async function activateByCode({ registration, typed }: { registration: CodeRegistration; typed: string }, context: RequestContext): Promise<CodeActivationResult> {
  const { result, accountId } = await check(registration, typed, context);
  if (!result.ok) {
    // A second press, or one that lost the race to this browser's first: the account is already this
    // registration's, so the page shows it again rather than a refusal (nothing more happened to audit).
    const activated = await activatedByThisRegistration(registration);
    if (activated) return { ok: true, ...activated };
  }
  await afterCommit(context, {
    audit: [
      result.ok
        ? { event: "activation", outcome: "ok", accountId, by: "owner" }
        : { event: "code_failed", outcome: result.reason, accountId, by: "stranger" },
    ],
    ...(result.ok ? { log: { event: "activation.by-code", fields: { accountId } } } : {}),
  });
  return result;
}

async function check({ phone, draftIdHash, codeAskedAt }: CodeRegistration, typed: string, { now }: RequestContext) {
  const account = await db.account.findUnique({ where: { phone }, select: { id: true, miId: true, status: true } });
  if (account?.status !== "pending") return { result: await withoutCode({ draftIdHash, codeAskedAt }, now), accountId: null };
  const result = await db.$transaction(async (tx): Promise<CodeActivationResult> => {
    // In the transaction: the code is used up together with the activation it proves, or not at all. A wrong try
    // commits its reservation all the same (the transaction returns, it does not throw).
    const used = await redeemCode({ accountId: account.id, purpose: "registration", typed, draftIdHash, now, within: tx });
    if (!used.ok) return used;
    // A registration code always carries its password (phone-registration.ts binds every one).
    if (!used.binding) throw new Error("activateByCode: a registration code without its password");
    // The status condition makes this the single winner, whatever raced it (a used code is used once anyway).
    const won = await tx.account.updateMany({
      where: { id: account.id, status: "pending" },
      data: { status: "active", activatedAt: now, passwordHash: used.binding.passwordHash },
    });
    if (won.count !== 1) return { ok: false, reason: "expired" };
    await endCodes(tx, { accountId: account.id, purpose: "registration" });
    // A code text still waiting to go out has nothing left to say.
    await cancelMessages(tx, { kind: CODE_MESSAGE_KIND.registration, reference: account.id });
    return { ok: true, miId: account.miId, phone };
  });
  return { result, accountId: account.id };
}

/** The same answers as redeemCode gives for a code that exists, for a registration that has none. */
async function withoutCode({ draftIdHash, codeAskedAt }: Pick<CodeRegistration, "draftIdHash" | "codeAskedAt">, now: Date): Promise<CodeActivationResult> {
  if (!codeAskedAt || codeAskedAt.getTime() + CODE_LIFETIME_MS <= now.getTime()) return { ok: false, reason: "expired" };
  const { count } = await countAttempt({ limit: TRIES_WITHOUT_CODE, key: `${draftIdHash}:${codeAskedAt.getTime()}` });
  if (count > CODE_MAX_TRIES) return { ok: false, reason: "dead" };
  return { ok: false, reason: "wrong", triesLeft: CODE_MAX_TRIES - count };
}

/**
 * The account this browser's registration activated, if it has: the number's account is active with the very
 * password hash this draft chose (bcrypt salts every hash, so only this registration's code can have put it
 * there). The code page then shows the done view again, on a reload or a second press, and tells a stranger who
 * registered someone's number nothing.
 */
export async function activatedByThisRegistration({ phone, passwordHash }: { phone: string; passwordHash: string | null }): Promise<{ miId: string; phone: string } | null> {
  if (!passwordHash) return null;
  const account = await db.account.findUnique({ where: { phone }, select: { miId: true, status: true, passwordHash: true } });
  return account?.status === "active" && account.passwordHash === passwordHash ? { miId: account.miId, phone } : null;
}
