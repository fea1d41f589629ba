import "server-only";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import { decryptData, encryptData } from "@/lib/server/security/data-key";
import { matchTotp, newTotpSecret } from "./totp";

// An account's authenticator app (the AuthenticatorApp row): a setup in progress until a code from the app confirms
// it, then two-step verification is on. The secret is stored encrypted (security/data-key.ts) and read back only
// to check a code.

/** A setup not confirmed within this time starts again with a new secret (the QR code on the page changes). */
export const SETUP_LIFETIME_MS = 30 * 60 * 1000;

/**
 * Whether the account has a confirmed authenticator app: two-step verification is on. Sign-in reads the same with the
 * account's row (db/tables/accounts.ts findAccountToSignIn, `twoStep`); raw-sql-contract.test.ts holds the two equal.
 */
export async function hasAuthenticatorApp(accountId: string): Promise<boolean> {
  return (await db.authenticatorApp.count({ where: { accountId, confirmedAt: { not: null } } })) > 0;
}

/**
 * The secret of the account's setup in progress, a new one if there is none or it is older than SETUP_LIFETIME_MS;
 * null when two-step is already on (a second app replaces nothing: turn it off first).
 */
export async function setupSecret({ accountId, now }: { accountId: string; now: Date }): Promise<string | null> {
  const row = await db.authenticatorApp.findUnique({ where: { accountId } });
  if (row?.confirmedAt) return null;
  if (row && now.getTime() - row.createdAt.getTime() < SETUP_LIFETIME_MS) return decryptData(row.secret).plain;
  const secret = newTotpSecret();
  const sealed = encryptData(secret);
  // Two pages opened at once each make a secret; the later write wins, and the earlier page's code then fails
  // with "try again" (the page shows the newer QR code).
  await db.authenticatorApp.upsert({
    where: { accountId },
    create: { accountId, secret: sealed, createdAt: now },
    update: { secret: sealed, createdAt: now, lastTimeStep: null },
  });
  return secret;
}

/**
 * Confirms the setup in progress with a code from the app, inside the caller's transaction: true when the code
 * is right, the setup is no older than SETUP_LIFETIME_MS and no other request confirmed it first.
 */
export async function confirmAuthenticatorApp(tx: TransactionClient, { accountId, code, now }: { accountId: string; code: string; now: Date }): Promise<boolean> {
  const row = await tx.authenticatorApp.findUnique({ where: { accountId } });
  if (!row || row.confirmedAt || now.getTime() - row.createdAt.getTime() >= SETUP_LIFETIME_MS) return false;
  const step = await matchTotp({ secret: decryptData(row.secret).plain, code, now });
  if (step === null) return false;
  const { count } = await tx.authenticatorApp.updateMany({ where: { accountId, confirmedAt: null, secret: row.secret }, data: { confirmedAt: now, lastTimeStep: step } });
  return count === 1;
}

/**
 * Checks a code from the account's confirmed app, and uses it up: the step it matched becomes the last accepted,
 * by a compare-and-set, so of two requests with the same code (or two codes of one step) only one gets through.
 * A secret still under a retired data key is written again under the current one.
 */
export async function acceptTotpCode({ accountId, code, now }: { accountId: string; code: string; now: Date }): Promise<boolean> {
  const row = await db.authenticatorApp.findUnique({ where: { accountId } });
  if (!row?.confirmedAt) return false;
  const { plain, stale } = decryptData(row.secret);
  const step = await matchTotp({ secret: plain, code, now, after: row.lastTimeStep });
  if (step === null) return false;
  const { count } = await db.authenticatorApp.updateMany({
    where: { accountId, confirmedAt: { not: null }, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
    data: { lastTimeStep: step, ...(stale ? { secret: encryptData(plain) } : {}) },
  });
  return count === 1;
}

/** Removes the account's app (confirmed or in setup), in the caller's transaction. */
export async function removeAuthenticatorApp(tx: Pick<TransactionClient, "authenticatorApp">, { accountId }: { accountId: string }): Promise<void> {
  await tx.authenticatorApp.deleteMany({ where: { accountId } });
}
