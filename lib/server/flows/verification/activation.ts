import "server-only";
import { db } from "@/lib/server/db/client";
import { cancelMessages } from "@/lib/server/courier/outbox";
import { findActivationLink, madeInThisBrowser, type ActivationLink } from "@/lib/server/methods/email-link/activation";
import { passwordMatches } from "@/lib/server/methods/password/check";
import { verifyAgainstNothing } from "@/lib/server/identity/passwords";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import type { ActivationState } from "@/lib/shared/activation-state";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

// Verification by the emailed link. Opening the link uses nothing up (mail scanners open links): the page reads
// the link once per request (loadActivationLink), says what it offers (activationState), and only its button
// activates (activateAccount).

export type { ActivationLink, ActivationState };
export { ACTIVATION_LINK_LIFETIME_MS } from "@/lib/server/methods/email-link/activation";

/** The link of this request's cookie, read once and passed to the two functions below. */
export const loadActivationLink = findActivationLink;

/** What the activation page should offer for a link, without using it. `draftId`: this browser's registration draft. */
export function activationState(link: ActivationLink | null, { draftId, now }: { draftId?: string; now: Date }): ActivationState {
  if (!link) return "invalid";
  if (link.account.status === "active") return "already-active";
  if (link.expiresAt <= now) return "expired";
  return madeInThisBrowser(link, draftId) ? "ready" : "needs-password";
}

export type ActivationResult =
  | { ok: true; miId: string; email: string }
  | { ok: false; reason: Exclude<ActivationState, "ready"> | "wrong-password" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/** What pressed the button: this browser's registration draft id, and the password typed on the page, if any. */
export type ActivationProof = { draftId?: string; password?: string };

/**
 * Uses the link: verifies the account once, however many presses race for it. Every press is audited (audit.ts
 * leaves out those a limit refused). Each typed password is counted (per account and per address group) before
 * bcrypt checks it, so a link is no unlimited password oracle and no way to keep the cores busy.
 */
export async function activateAccount({ link, proof }: { link: ActivationLink | null; proof: ActivationProof }, context: RequestContext): Promise<ActivationResult> {
  const result = await activate(link, proof, context);
  await afterCommit(context, { audit: [{ event: "activation", outcome: result.ok ? "ok" : result.reason, accountId: link?.account.id ?? null, by: result.ok ? "owner" : "stranger" }] });
  return result;
}

async function activate(link: ActivationLink | null, proof: ActivationProof, { now, ipGroup }: RequestContext): Promise<ActivationResult> {
  const state = activationState(link, { draftId: proof.draftId, now });
  if (!link) return { ok: false, reason: "invalid" };
  if (state !== "ready" && state !== "needs-password") return { ok: false, reason: state };
  const { account } = link;
  if (proof.password) {
    const byAddress = await consumeLimit({ limit: LIMITS.activationPasswordPerIp, key: ipGroup });
    const allowed = byAddress.ok ? await consumeLimit({ limit: LIMITS.activationPasswordPerAccount, key: account.id }) : byAddress;
    if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  }
  if (state === "needs-password") {
    if (!proof.password) return { ok: false, reason: "needs-password" };
    // bcrypt before the transaction, so the database is not held while it runs.
    if (!(await passwordMatches(proof.password, link.passwordHash))) return { ok: false, reason: "wrong-password" };
  } else if (proof.password) {
    await verifyAgainstNothing(proof.password); // the same work either way
  }
  return db.$transaction(async (tx): Promise<ActivationResult> => {
    // The link may have been replaced by a newer registration meanwhile; then it no longer counts.
    if (!(await tx.activationToken.findUnique({ where: { tokenHash: link.tokenHash }, select: { tokenHash: true } }))) {
      return { ok: false, reason: "invalid" };
    }
    // The status condition makes this the single winner among concurrent presses.
    const won = await tx.account.updateMany({
      where: { id: account.id, status: "pending" },
      data: { status: "active", activatedAt: now, passwordHash: link.passwordHash },
    });
    if (won.count !== 1) return { ok: false, reason: "already-active" };
    await tx.activationToken.update({ where: { tokenHash: link.tokenHash }, data: { usedAt: now } });
    // An activation mail still waiting to go out has nothing left to say.
    await cancelMessages(tx, { kind: "activation", reference: account.id });
    return { ok: true, miId: account.miId, email: account.email };
  });
}
