import { db } from "./db";
import { normalizeEmail } from "./email-address";
import { log } from "./log";
import { isMiId } from "./mi-id";
import { verifyAgainstNothing, verifyPassword } from "./passwords";
import { createSession } from "./sessions";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" | "not-activated"; email?: string };

/**
 * Signs in with an email or a Mi Account ID. Unknown accounts and wrong passwords get the same answer and
 * the same bcrypt time; "not activated" is told only to someone who knows the password.
 */
export async function signIn(identifier: string, password: string, now = new Date()): Promise<SignInResult> {
  const trimmed = identifier.trim();
  const account = isMiId(trimmed)
    ? await db.account.findUnique({ where: { miId: trimmed } })
    : await db.account.findUnique({ where: { email: normalizeEmail(trimmed) } });
  if (!account) {
    await verifyAgainstNothing(password);
    log.info("sign-in.failed", { reason: "invalid" });
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(password, account.passwordHash))) {
    log.info("sign-in.failed", { accountId: account.id, reason: "invalid" });
    return { ok: false, reason: "invalid" };
  }
  if (account.status !== "active") {
    log.info("sign-in.failed", { accountId: account.id, reason: "not-activated" });
    return { ok: false, reason: "not-activated", email: account.email };
  }
  const session = await createSession(account.id, now);
  log.info("sign-in.succeeded", { accountId: account.id });
  return { ok: true, ...session };
}
