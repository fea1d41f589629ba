import "server-only";
import { queueUnwrittenMessage, type Composer } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { storableText } from "@/lib/server/db/text";
import { hashPassword } from "@/lib/server/identity/passwords";
import { endActivationLinks } from "@/lib/server/methods/email-link/activation";
import { findResetLink, writeResetMail, type ResetLink } from "@/lib/server/methods/email-link/reset";
import { passwordChangedNotice, replacePassword } from "@/lib/server/methods/password/replace";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { emailKey } from "@/lib/shared/email-address";
import { isMiId } from "@/lib/shared/mi-id";
import { afterCommit } from "../after-commit";
import { plainContext, type RequestContext } from "../context";

// Forgot password, after OWASP's cheat sheet: the request is answered alike whatever was typed; the emailed link
// (methods/email-link/reset.ts) works for an hour, once, and only the newest works. Completing it sets the
// password ("password changed": methods/password/replace.ts), activates a pending account (the link proves the
// mailbox) and ends its activation links.

export type { ResetLink };
export { PASSWORD_RESET_LIFETIME_MS } from "@/lib/server/methods/email-link/reset";

/** For logs and tests: the person always sees the same answer, and is told only when a limit refused. */
export type ResetRequestOutcome = "queued" | "limited";

/** What a queued reset mail is written from: what was typed, and the address group that asked (for the audit row). */
type ResetBasis = { identifier: string; ipGroup: string };

/**
 * "Forgot password": counted against the address group and the typed identifier, whether or not an account answers
 * to it, then an unwritten message is queued (courier/outbox.ts). The request does the same work whatever was
 * typed; looking the account up, making the link and writing the mail happen later, in the worker
 * (composeResetMail), for every identifier alike, so neither the answer nor the work after it tells them apart.
 */
export async function requestPasswordReset({ identifier }: { identifier: string }, context: RequestContext): Promise<ResetRequestOutcome> {
  const typed = storableText(identifier.trim());
  const key = isMiId(typed) ? `mi:${typed}` : `email:${emailKey(typed)}`;
  if (!(await allowed(key, context.ipGroup))) return "limited";
  const basis: ResetBasis = { identifier: typed, ipGroup: context.ipGroup };
  await queueUnwrittenMessage(db, { kind: "password_reset", composeFrom: JSON.stringify(basis), now: context.now });
  return "queued";
}

/** Counted whether or not an account answers to it, so the limit tells nothing. */
async function allowed(key: string, ipGroup: string): Promise<boolean> {
  if (!(await consumeLimit({ limit: LIMITS.resetPerIp, key: ipGroup })).ok) return false;
  return (await consumeLimit({ limit: LIMITS.resetPerIdentifier, key })).ok;
}

/**
 * The worker's writer of queued reset mails (instrumentation.ts hands it to the courier): a new link and its email
 * for an account that answers to what was typed, nothing otherwise; the audit row either way.
 */
export const composeResetMail: Composer = async ({ composeFrom, now }) => {
  const { identifier, ipGroup } = JSON.parse(composeFrom) as ResetBasis;
  const account = isMiId(identifier)
    ? await db.account.findUnique({ where: { miId: identifier } })
    : await db.account.findUnique({ where: { emailKey: emailKey(identifier) } });
  // An account found by Mi Account ID may have no email (a phone number only): nothing to mail then.
  const message = account?.email ? await writeResetMail({ account: { ...account, email: account.email }, now }) : null;
  await afterCommit(plainContext({ now, ipGroup }), {
    audit: [{ event: "password_reset_requested", outcome: account ? "sent" : "unknown", accountId: account?.id, by: "stranger" }],
    ...(account ? { log: { event: "password-reset.requested", fields: { accountId: account.id } } } : {}),
  });
  return message ?? { drop: "unknown" };
};

export type ResetLinkState = "ready" | "invalid" | "expired";

/** The link of this request's cookie, read once and passed to the two functions below. */
export const loadResetLink = findResetLink;

/** What the reset page should offer, without using the link (mail scanners open links). */
export function resetLinkState(link: ResetLink | null, now: Date): ResetLinkState {
  if (!link || link.usedAt) return "invalid";
  return link.expiresAt <= now ? "expired" : "ready";
}

export type ResetResult = { ok: true; email: string; activatedMiId: string | null } | { ok: false; reason: "invalid" | "expired" };

/**
 * Sets the new password once, however many presses race; the password has passed the rule already. Every
 * session ends and every trusted browser is forgotten but `keepDeviceToken`'s: the browser resetting has just
 * shown it reads the mailbox, and keeps passing the pause strangers may be causing.
 */
export async function completePasswordReset(
  { link, password, keepDeviceToken }: { link: ResetLink | null; password: string; keepDeviceToken?: string },
  context: RequestContext,
): Promise<ResetResult> {
  const { now } = context;
  const state = resetLinkState(link, now);
  if (!link || state !== "ready") return { ok: false, reason: state === "expired" ? "expired" : "invalid" };
  const { account } = link;
  const passwordHash = await hashPassword(password);
  const notice = await passwordChangedNotice(account);
  const changed = await db.$transaction(async (tx) => {
    // The condition on usedAt picks one winner among racing presses.
    const won = await tx.passwordResetToken.updateMany({ where: { tokenHash: link.tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (won.count !== 1) return null;
    const activating = account.status === "pending";
    if (activating) {
      await tx.account.update({ where: { id: account.id }, data: { status: "active", activatedAt: now } });
      await endActivationLinks(tx, account.id);
    }
    const send = await replacePassword(tx, { account, passwordHash, keep: { deviceToken: keepDeviceToken }, notice, now });
    return { send, activating };
  });
  if (!changed) return { ok: false, reason: "invalid" };
  await afterCommit(context, {
    send: changed.send,
    audit: [{ event: "password_reset", outcome: changed.activating ? "ok-activated" : "ok", accountId: account.id, by: "owner" }],
    log: { event: "password-reset.completed", fields: { accountId: account.id, activated: changed.activating } },
  });
  return { ok: true, email: account.email, activatedMiId: changed.activating ? account.miId : null };
}
