import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { dataHmacs } from "@/lib/server/security/data-key";

// Recovery codes: the way back in when the phone with the authenticator app is lost. Ten per account, shown once
// when two-step is turned on (or the set is renewed); each works once in place of the app's code. 10 characters
// from 31 that cannot be misread for one another (no 0/o, 1/l/i), about 49 bits each: guessing is held off by the
// second step's limit (5 tries per account per 15 minutes), and only an HMAC under the data key is stored.

export const RECOVERY_CODE_COUNT = 10;
/** The page warns when this many or fewer are left. */
export const RECOVERY_CODES_LOW = 3;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

/** A new set, each shown as "xxxxx-xxxxx". */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A typed code in its stored form (lower case, no spaces or dashes), or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]/g, "");
  return code.length === LENGTH && [...code].every((char) => ALPHABET.includes(char)) ? code : null;
}

/** Whether what was typed has a recovery code's shape (rather than an app's 6 digits). */
export function looksLikeRecoveryCode(typed: string): boolean {
  return normalizeRecoveryCode(typed) !== null;
}

/** Replaces the account's set with `codes`, in the caller's transaction: the old ones stop working. */
export async function replaceRecoveryCodes(tx: TransactionClient, { accountId, codes, now }: { accountId: string; codes: string[]; now: Date }): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { accountId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ codeHash: dataHmacs(normalizeRecoveryCode(code)!)[0]!, accountId, createdAt: now })) });
}

/**
 * Uses one of the account's unused codes: marked used in one statement, so the same code typed twice at once works
 * once. Returns how many are left after it, or null when `typed` is none of them.
 */
export async function spendRecoveryCode({ accountId, typed, now }: { accountId: string; typed: string; now: Date }): Promise<number | null> {
  const code = normalizeRecoveryCode(typed);
  if (!code) return null;
  // Under each known data key: a set made before a key rotation still works.
  const { count } = await db.recoveryCode.updateMany({ where: { accountId, codeHash: { in: dataHmacs(code) }, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) return null;
  return unusedRecoveryCodes(accountId);
}

/** How many of the account's recovery codes are unused. */
export function unusedRecoveryCodes(accountId: string): Promise<number> {
  return db.recoveryCode.count({ where: { accountId, usedAt: null } });
}

/** Deletes the account's set (two-step turned off), in the caller's transaction. */
export async function removeRecoveryCodes(tx: Pick<TransactionClient, "recoveryCode">, { accountId }: { accountId: string }): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { accountId } });
}
