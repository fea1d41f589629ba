import "server-only";
import { db } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/identity/passwords";
import { rotateSession, type RotatedSession } from "@/lib/server/identity/sessions";
import { passwordMatches } from "@/lib/server/methods/password/check";
import { passwordChangedNotice, replacePassword } from "@/lib/server/methods/password/replace";
import { consumeLimit, LIMITS, resetLimit, type LimitResult } from "@/lib/server/security/rate-limit";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

// Changing the password from the account page: the current one first. Wrong current passwords are counted like
// sign-in failures (per account, before bcrypt), so this form is no guessing oracle.

/** The browser changing the password: its session, and its trusted-device cookie if any. Both stay; all others go. */
export type ThisBrowser = { sessionId: string; deviceToken?: string };

/**
 * `session`: this browser's session under a new token (the caller sets the cookie); the old token no longer
 * works. "signed-out": the session ended meanwhile (signed out from another device), and nothing changed.
 */
export type PasswordChange =
  | { ok: true; session: RotatedSession }
  | { ok: false; reason: "wrong-password" | "signed-out" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/** Counts a typed current password against the account's budget, then checks it; the budget refills on a right one. */
export async function checkCurrentPassword({ accountId, typed, hash }: { accountId: string; typed: string; hash: string }): Promise<LimitResult & { right?: boolean }> {
  const allowed = await consumeLimit({ limit: LIMITS.passwordChecksPerAccount, key: accountId });
  if (!allowed.ok) return allowed;
  const right = await passwordMatches(typed, hash);
  if (right) await resetLimit({ limit: LIMITS.passwordChecksPerAccount, key: accountId });
  return { ok: true, right };
}

/**
 * Changes the password: every other session ends, every other trusted browser is forgotten, this browser's session
 * gets a new token (one stolen before the change stops working) and a notice is mailed. The new password has
 * passed the rule.
 */
export async function changePassword(
  { accountId, browser, current, next }: { accountId: string; browser: ThisBrowser; current: string; next: string },
  context: RequestContext,
): Promise<PasswordChange> {
  const { now } = context;
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const checked = await checkCurrentPassword({ accountId, typed: current, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  if (!checked.right) {
    await afterCommit(context, { audit: [{ event: "password_changed", outcome: "wrong-password", accountId, by: "owner" }] });
    return { ok: false, reason: "wrong-password" };
  }
  const passwordHash = await hashPassword(next);
  const notice = await passwordChangedNotice(account);
  const changed = await db.$transaction(async (tx) => {
    // Rotated first: a session ended meanwhile changes nothing (the transaction then does no more).
    const session = await rotateSession(tx, { accountId, sessionId: browser.sessionId });
    if (!session) return null;
    const send = await replacePassword(tx, { account, passwordHash, keep: browser, notice, now });
    return { send, session };
  });
  if (!changed) return { ok: false, reason: "signed-out" };
  await afterCommit(context, { send: changed.send, audit: [{ event: "password_changed", outcome: "ok", accountId, by: "owner" }] });
  return { ok: true, session: changed.session };
}
