import "server-only";
import type { TransactionClient } from "@/lib/server/db/types";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { recordAudit, type AuditContext } from "@/lib/server/security/audit";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";
import type { ActivationState } from "@/lib/shared/activation-state";
import { verifyAgainstNothing, verifyPassword } from "./passwords";

// An activation link carries 32 random bytes; only their SHA-256 is stored. Each link lives 24 hours and
// works once; a new registration of a pending address replaces its links.
//
// Nobody but the mailbox owner decides the password of the account the link activates: each link is bound to
// the registration that made it (its password and the browser's sign-up draft). In that browser one press
// activates; in any other the page asks for the password chosen at that registration. So a stranger who
// registers someone else's pending address with a password of their own cannot have the owner activate it.
export const ACTIVATION_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

type Tx = TransactionClient;

/** The registration a link belongs to: the password chosen then, and the sign-up draft it was chosen in. */
export type ActivationBinding = { passwordHash: string; draftIdHash: string | null };

export function activationUrl(token: string): string {
  return `${env.APP_URL}/activate?token=${encodeURIComponent(token)}`;
}

/** Creates a new activation token for the account inside the caller's transaction; returns the raw token. */
export async function issueActivationToken(tx: Tx, accountId: string, binding: ActivationBinding, now = new Date()): Promise<string> {
  const token = newSecret();
  await tx.activationToken.create({
    data: {
      tokenHash: hashSecret(token),
      accountId,
      ...binding,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ACTIVATION_TOKEN_LIFETIME_MS),
    },
  });
  return token;
}

export type { ActivationState };

/** What opened the link: the browser's sign-up draft cookie, and the password typed on the page, if any. */
export type ActivationProof = { draftId?: string; password?: string };

function madeInThisBrowser(draftIdHash: string | null, draftId: string | undefined): boolean {
  return Boolean(draftIdHash && isSecretShaped(draftId) && hashSecret(draftId) === draftIdHash);
}

async function findLink(token: unknown) {
  if (!isSecretShaped(token)) return null;
  return db.activationToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { tokenHash: true, expiresAt: true, passwordHash: true, draftIdHash: true, account: { select: { id: true, status: true, miId: true, email: true } } },
  });
}

/** What the activation page should offer for a link, without using it (mail scanners open links). */
export async function inspectActivationToken(token: unknown, now = new Date(), draftId?: string): Promise<ActivationState> {
  const found = await findLink(token);
  if (!found) return "invalid";
  if (found.account.status === "active") return "already-active";
  if (found.expiresAt <= now) return "expired";
  return madeInThisBrowser(found.draftIdHash, draftId) ? "ready" : "needs-password";
}

export type ActivationResult =
  | { ok: true; miId: string; email: string }
  | { ok: false; reason: Exclude<ActivationState, "ready"> | "wrong-password" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/**
 * Uses the link: verifies the account once, however many presses race for it. Every press is audited (audit.ts
 * leaves out those a limit refused). Each typed password is counted (per account and per address group) before
 * bcrypt checks it, so a link is no unlimited password oracle and no way to keep the cores busy.
 */
export async function consumeActivationToken(
  token: unknown,
  now = new Date(),
  context: AuditContext = {},
  proof: ActivationProof = {},
): Promise<ActivationResult> {
  const found = await findLink(token);
  if (!found) return audited({ ok: false, reason: "invalid" }, null, now, context);
  const { account } = found;
  if (account.status === "active") return audited({ ok: false, reason: "already-active" }, account.id, now, context);
  if (found.expiresAt <= now) return audited({ ok: false, reason: "expired" }, account.id, now, context);
  if (proof.password) {
    const allowed = await passwordCheckAllowed(account.id, context.ipGroup);
    if (!allowed.ok) return audited({ ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs }, account.id, now, context);
  }
  if (!madeInThisBrowser(found.draftIdHash, proof.draftId)) {
    if (!proof.password) return audited({ ok: false, reason: "needs-password" }, account.id, now, context);
    // bcrypt before the transaction, so the database is not held while it runs.
    // Longer than any password the rule allows is simply wrong; bcrypt would only read its first 72 bytes.
    if (proof.password.length > 64 || !(await verifyPassword(proof.password, found.passwordHash))) {
      return audited({ ok: false, reason: "wrong-password" }, account.id, now, context);
    }
  } else if (proof.password) {
    await verifyAgainstNothing(proof.password); // the same work either way
  }
  const result = await db.$transaction(async (tx): Promise<ActivationResult> => {
    // The link may have been replaced by a newer registration meanwhile; then it no longer counts.
    if (!(await tx.activationToken.findUnique({ where: { tokenHash: found.tokenHash }, select: { tokenHash: true } }))) {
      return { ok: false, reason: "invalid" };
    }
    // The status condition makes this the single winner among concurrent presses.
    const won = await tx.account.updateMany({
      where: { id: account.id, status: "pending" },
      data: { status: "active", activatedAt: now, passwordHash: found.passwordHash },
    });
    if (won.count !== 1) return { ok: false, reason: "already-active" };
    await tx.activationToken.update({ where: { tokenHash: found.tokenHash }, data: { usedAt: now } });
    return { ok: true, miId: account.miId, email: account.email };
  });
  // Written after the transaction has ended, so the audit write neither waits for it nor rolls back with it.
  return audited(result, account.id, now, context);
}

async function passwordCheckAllowed(accountId: string, ipGroup: string | null | undefined) {
  const byAddress = await consumeLimit(LIMITS.activationPasswordPerIp, ipGroup ?? "unknown");
  return byAddress.ok ? consumeLimit(LIMITS.activationPasswordPerAccount, accountId) : byAddress;
}

async function audited(result: ActivationResult, accountId: string | null, now: Date, context: AuditContext) {
  await recordAudit({ event: "activation", outcome: result.ok ? "ok" : result.reason, accountId, ipGroup: context.ipGroup }, now);
  return result;
}
