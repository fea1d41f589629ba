import "server-only";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";
import type { Sql } from "@/lib/server/db/sql";
import { findTrustedDevice, insertTrustedDevice, touchTrustedDevice } from "@/lib/server/db/tables/trusted-devices";
import { occasionalSweep } from "@/lib/server/ops/sweep";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

// OWASP's "device cookies": a browser that has signed in to an account gets a random token (hash stored) in an
// HttpOnly cookie. Sign-in from that browser to that account is not stopped by the pause strangers can impose
// by guessing; it has a failure budget of its own instead (flows/login/throttle.ts). The token means nothing for any
// other account, so it tells a stranger nothing.
export const TRUSTED_DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

// Expired tokens are never honoured (trustedDeviceOf); they are deleted hourly, not on every sign-in.
const sweepExpired = occasionalSweep({ name: "trusted-devices", everyMs: 60 * 60 * 1000, sweep: (now) => db.trustedDevice.deleteMany({ where: { expiresAt: { lte: now } } }) });

/** "Trust this browser for 30 days" on the second step of a two-step sign-in. */
export const SECOND_STEP_TRUST_MS = 30 * 24 * 60 * 60 * 1000;

export type TrustedBrowser = { tokenHash: string; skipsSecondStep: boolean };

/** Which browser, for an account; `within`: the caller's transaction (sql.ts), else each statement alone. */
type BrowserOf = { token?: string; accountId?: string; now: Date; within?: Sql };

/**
 * `token`'s browser when it is a live trusted browser of `accountId`, else undefined; `skipsSecondStep`: the person
 * ticked "trust this browser" on its second step less than 30 days ago.
 */
export async function trustedBrowserOf({ token, accountId, now, within }: BrowserOf): Promise<TrustedBrowser | undefined> {
  if (!accountId || !isSecretShaped(token)) return undefined;
  const tokenHash = hashSecret(token);
  const device = await findTrustedDevice(tokenHash, within);
  if (!device || device.accountId !== accountId || device.expiresAt <= now) return undefined;
  return { tokenHash, skipsSecondStep: device.secondStepSkippedUntil !== null && device.secondStepSkippedUntil > now };
}

/** The stored hash of `token` when it is a live trusted browser of `accountId`, else undefined. */
export async function trustedDeviceOf(browser: BrowserOf): Promise<string | undefined> {
  return (await trustedBrowserOf(browser))?.tokenHash;
}

/** This browser (its trusted-device cookie's) skips the account's second step for 30 days. */
export async function skipSecondStepFor({ token, accountId, now }: { token: string; accountId: string; now: Date }): Promise<void> {
  if (!isSecretShaped(token)) return;
  await db.trustedDevice.updateMany({ where: { tokenHash: hashSecret(token), accountId }, data: { secondStepSkippedUntil: new Date(now.getTime() + SECOND_STEP_TRUST_MS) } });
}

/** No browser of the account skips the second step any more (two-step turned off, or on again). */
export async function forgetSecondStepTrust(tx: Pick<TransactionClient, "trustedDevice">, { accountId }: { accountId: string }): Promise<void> {
  await tx.trustedDevice.updateMany({ where: { accountId }, data: { secondStepSkippedUntil: null } });
}

/**
 * Forgets the account's trusted browsers, all but `keepToken`'s (this browser's, when it is one of them): when
 * the password changes or the person signs out elsewhere, a browser that knew the old password loses its own
 * failure budget and meets the pause like any stranger. Inside the caller's transaction (or `db`).
 */
export async function forgetTrustedDevices(
  tx: Pick<TransactionClient, "trustedDevice">,
  { accountId, keepToken }: { accountId: string; keepToken?: string },
): Promise<void> {
  const keep = isSecretShaped(keepToken) ? hashSecret(keepToken) : null;
  await tx.trustedDevice.deleteMany({ where: { accountId, ...(keep ? { tokenHash: { not: keep } } : {}) } });
}

/**
 * After a successful sign-in: keeps this browser's token when it already belongs to the account, else issues a
 * new one (the caller sets the cookie). Returns the token to set, or null when the cookie stays as it is.
 */
export async function trustDevice({
  accountId,
  currentToken,
  now,
  within,
}: {
  accountId: string;
  currentToken?: string;
  now: Date;
  /** The caller's transaction (sql.ts), else each statement alone. */
  within?: Sql;
}): Promise<{ token: string; expiresAt: Date } | null> {
  const expiresAt = new Date(now.getTime() + TRUSTED_DEVICE_LIFETIME_MS);
  const known = await trustedDeviceOf({ token: currentToken, accountId, now, within });
  if (known) {
    await touchTrustedDevice({ tokenHash: known, now }, within);
    return null;
  }
  const token = newSecret();
  await insertTrustedDevice({ tokenHash: hashSecret(token), accountId, now, expiresAt }, within);
  sweepExpired(now);
  return { token, expiresAt };
}
