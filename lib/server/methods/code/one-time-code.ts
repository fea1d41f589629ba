import "server-only";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/server/db/client";
import type { CodePurpose, TransactionClient } from "@/lib/server/db/types";
import { CODE_DIGITS, CODE_LIFETIME_MINUTES, CODE_MAX_TRIES } from "@/lib/shared/one-time-code";

// One-time codes (the SMS code method, and the email code that binds an address): six random digits, only a salted
// SHA-256 kept, ten minutes, used once, CODE_MAX_TRIES tries, and only the newest of an account's codes for a
// purpose works. A code proves one purpose only: it is looked up by (account, purpose), so a sign-in code never
// activates, resets or binds anything.
//
// Six digits are a million values: what keeps them safe is the tries, not the hash. Each try is reserved before it
// is compared (a compare-and-set on `failures` below the cap), so a burst of parallel guesses gets no more compares
// than sequential ones would; the comparison is of two hashes in constant time.

export const CODE_LIFETIME_MS = CODE_LIFETIME_MINUTES * 60 * 1000;

export type { CodePurpose };
type Client = Pick<TransactionClient, "oneTimeCode">;

/** Registration only: the password chosen with this code and the sign-up draft (browser) it belongs to. */
export type CodeBinding = { passwordHash: string; draftIdHash: string | null };

function codeHash(id: string, code: string): string {
  return createHash("sha256").update(`${id}:${code}`, "utf8").digest("hex");
}

/** Six digits, uniformly drawn (leading zeros kept). */
export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
}

/**
 * A new code for (account, purpose), in the caller's transaction, ending the account's earlier codes of that
 * purpose (only the newest works). Returns the code itself, for the message, and when it expires.
 */
export async function issueCode(
  tx: Client,
  { accountId, purpose, sentTo, binding, now }: { accountId: string; purpose: CodePurpose; sentTo: string; binding?: CodeBinding; now: Date },
): Promise<{ code: string; codeId: string; expiresAt: Date }> {
  await tx.oneTimeCode.deleteMany({ where: { accountId, purpose } });
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS);
  const row = await tx.oneTimeCode.create({ data: { accountId, purpose, sentTo, codeHash: "", ...binding, createdAt: now, expiresAt } });
  // Salted with its own id, which exists only once the row does.
  await tx.oneTimeCode.update({ where: { id: row.id }, data: { codeHash: codeHash(row.id, code) } });
  return { code, codeId: row.id, expiresAt };
}

/** The newest code for (account, purpose): a flow reads it to show where it went (sentTo) or whether one is live. */
export async function liveCode({ accountId, purpose, now }: { accountId: string; purpose: CodePurpose; now: Date }) {
  const row = await db.oneTimeCode.findFirst({ where: { accountId, purpose, usedAt: null }, orderBy: { createdAt: "desc" } });
  return row && row.expiresAt > now && row.failures < CODE_MAX_TRIES ? row : null;
}

export type CodeCheck =
  | { ok: true; codeId: string; sentTo: string; binding: CodeBinding | null }
  /** Wrong; `triesLeft` more may be typed against this code. */
  | { ok: false; reason: "wrong"; triesLeft: number }
  /** No live code: none was sent, it expired or a newer one replaced it (ask for a new one). */
  | { ok: false; reason: "expired" }
  /** Its tries are used up (ask for a new one). */
  | { ok: false; reason: "dead" };

/**
 * Checks a typed code against the newest code of (account, purpose) and uses it up when right. `draftIdHash`:
 * registration codes work only in the browser whose sign-up asked for them. `within`: the caller's transaction,
 * so the code is used up together with what it proves (an activation, a binding), or not at all.
 */
export async function redeemCode({
  accountId,
  purpose,
  typed,
  draftIdHash,
  now,
  within = db,
}: {
  accountId: string;
  purpose: CodePurpose;
  typed: string;
  draftIdHash?: string | null;
  now: Date;
  within?: Client;
}): Promise<CodeCheck> {
  const row = await within.oneTimeCode.findFirst({ where: { accountId, purpose, usedAt: null }, orderBy: { createdAt: "desc" } });
  if (!row || row.expiresAt <= now) return { ok: false, reason: "expired" };
  if (purpose === "registration" && row.draftIdHash !== null && row.draftIdHash !== draftIdHash) return { ok: false, reason: "expired" };
  // The try is reserved first: of N parallel guesses only the first CODE_MAX_TRIES − failures get a compare.
  const reserved = await within.oneTimeCode.updateMany({
    where: { id: row.id, usedAt: null, failures: { lt: CODE_MAX_TRIES } },
    data: { failures: { increment: 1 } },
  });
  if (reserved.count !== 1) return { ok: false, reason: "dead" };
  const right = timingSafeEqual(Buffer.from(codeHash(row.id, typed), "hex"), Buffer.from(row.codeHash, "hex"));
  if (!right) return { ok: false, reason: "wrong", triesLeft: Math.max(0, CODE_MAX_TRIES - (row.failures + 1)) };
  // Once: of two right presses racing, one uses it.
  const used = await within.oneTimeCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) return { ok: false, reason: "expired" };
  const binding = row.passwordHash ? { passwordHash: row.passwordHash, draftIdHash: row.draftIdHash } : null;
  return { ok: true, codeId: row.id, sentTo: row.sentTo, binding };
}

/** Every code of the account for `purpose` ends (the registration or binding it belonged to is done or gone). */
export async function endCodes(tx: Client, { accountId, purpose }: { accountId: string; purpose: CodePurpose }): Promise<void> {
  await tx.oneTimeCode.deleteMany({ where: { accountId, purpose } });
}
