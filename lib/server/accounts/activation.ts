import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { recordAudit, type AuditContext } from "@/lib/server/security/audit";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/config/env";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

// An activation link carries 32 random bytes; only their SHA-256 is stored. Each link lives 24 hours, and any
// live link of an account works until one of them is used; after activation every one of them is dead.
export const ACTIVATION_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

type Tx = Prisma.TransactionClient;

export function activationUrl(token: string): string {
  return `${env.APP_URL}/activate?token=${encodeURIComponent(token)}`;
}

/** Creates a new activation token for the account inside the caller's transaction; returns the raw token. */
export async function issueActivationToken(tx: Tx, accountId: string, now = new Date()): Promise<string> {
  const token = newSecret();
  await tx.activationToken.create({
    data: {
      tokenHash: hashSecret(token),
      accountId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ACTIVATION_TOKEN_LIFETIME_MS),
    },
  });
  return token;
}

export type ActivationState = "ready" | "invalid" | "expired" | "already-active";

/** What the activation page should offer for a link, without using it (mail scanners open links). */
export async function inspectActivationToken(token: unknown, now = new Date()): Promise<ActivationState> {
  if (!isSecretShaped(token)) return "invalid";
  const found = await db.activationToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: { expiresAt: true, account: { select: { status: true } } },
  });
  if (!found) return "invalid";
  if (found.account.status === "active") return "already-active";
  if (found.expiresAt <= now) return "expired";
  return "ready";
}

export type ActivationResult =
  | { ok: true; miId: string; email: string }
  | { ok: false; reason: Exclude<ActivationState, "ready"> };

/** Uses the link: verifies the account once, however many presses race for it. Every press is audited. */
export async function consumeActivationToken(
  token: unknown,
  now = new Date(),
  context: AuditContext = {},
): Promise<ActivationResult> {
  if (!isSecretShaped(token)) return audited({ ok: false, reason: "invalid" }, null, now, context);
  const tokenHash = hashSecret(token);
  const { result, accountId } = await db.$transaction(async (tx) => {
    const found = await tx.activationToken.findUnique({
      where: { tokenHash },
      select: { expiresAt: true, account: { select: { id: true, status: true, miId: true, email: true } } },
    });
    if (!found) return outcome({ ok: false, reason: "invalid" }, null);
    const { account } = found;
    if (account.status === "active") return outcome({ ok: false, reason: "already-active" }, account.id);
    if (found.expiresAt <= now) return outcome({ ok: false, reason: "expired" }, account.id);
    // The status condition makes this the single winner among concurrent presses.
    const won = await tx.account.updateMany({
      where: { id: account.id, status: "pending" },
      data: { status: "active", activatedAt: now },
    });
    if (won.count !== 1) return outcome({ ok: false, reason: "already-active" }, account.id);
    await tx.activationToken.update({ where: { tokenHash }, data: { usedAt: now } });
    return outcome({ ok: true, miId: account.miId, email: account.email }, account.id);
  });
  // Written after the transaction has ended, so the audit write neither waits for it nor rolls back with it.
  return audited(result, accountId, now, context);
}

function outcome(result: ActivationResult, accountId: string | null) {
  return { result, accountId };
}

async function audited(result: ActivationResult, accountId: string | null, now: Date, context: AuditContext) {
  await recordAudit({ event: "activation", outcome: result.ok ? "ok" : result.reason, accountId, ipGroup: context.ipGroup }, now);
  return result;
}
