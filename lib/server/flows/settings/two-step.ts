import "server-only";
import { db } from "@/lib/server/db/client";
import { forgetSecondStepTrust } from "@/lib/server/identity/trusted-devices";
import { acceptTotpCode, confirmAuthenticatorApp, hasAuthenticatorApp, removeAuthenticatorApp, setupSecret } from "@/lib/server/methods/authenticator-app/app";
import { queueTwoStepNotice } from "@/lib/server/methods/authenticator-app/notice";
import { groupedSecret, otpauthUri, qrCodeSvg } from "@/lib/server/methods/authenticator-app/totp";
import { looksLikeRecoveryCode, newRecoveryCodes, removeRecoveryCodes, replaceRecoveryCodes, unusedRecoveryCodes, spendRecoveryCode } from "@/lib/server/methods/recovery-code/recovery-codes";
import { consumeLimit, LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { checkCurrentPassword } from "./password";

// Two-step verification on the account page: turning it on (the authenticator app's QR code, one code to confirm,
// then ten recovery codes shown once), renewing the recovery codes (the password), and turning it off (the password
// and a code). Each change mails a notice and writes an audit row; turning it on or off also ends every "trust this
// browser" of the second step, so the new setting holds everywhere at the next sign-in.

/** The account a two-step change acts on, loaded once per request. */
async function loadAccount(accountId: string) {
  return db.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, miId: true, email: true, locale: true, passwordHash: true } });
}

export type TwoStepStatus = { on: boolean; recoveryCodesLeft: number };

export async function twoStepStatus({ accountId }: { accountId: string }): Promise<TwoStepStatus> {
  const on = await hasAuthenticatorApp(accountId);
  return { on, recoveryCodesLeft: on ? await unusedRecoveryCodes(accountId) : 0 };
}

/** What the setup page shows: the QR code (SVG) and the same secret as text; null when two-step is already on. */
export type AuthenticatorSetup = { qrSvg: string; secret: string } | null;

export async function authenticatorSetup({ account, now }: { account: { id: string; miId: string }; now: Date }): Promise<AuthenticatorSetup> {
  const secret = await setupSecret({ accountId: account.id, now });
  if (!secret) return null;
  return { qrSvg: await qrCodeSvg(otpauthUri({ secret, label: account.miId })), secret: groupedSecret(secret) };
}

export type TurnOnResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "wrong-code" | "already-on" } | { ok: false; reason: "limited"; retryAfterMs: number };

/** Confirms the app with a code from it: two-step is on, and the recovery codes are made (returned, shown once). */
export async function turnOnTwoStep({ accountId, code }: { accountId: string; code: string }, context: RequestContext): Promise<TurnOnResult> {
  const { now } = context;
  if (await hasAuthenticatorApp(accountId)) return { ok: false, reason: "already-on" };
  const allowed = await consumeLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  const recoveryCodes = newRecoveryCodes();
  const confirmed = await db.$transaction(async (tx) => {
    if (!(await confirmAuthenticatorApp(tx, { accountId, code: code.replace(/\s/g, ""), now }))) return false;
    await replaceRecoveryCodes(tx, { accountId, codes: recoveryCodes, now });
    await forgetSecondStepTrust(tx, { accountId });
    return true;
  });
  if (!confirmed) return { ok: false, reason: "wrong-code" };
  await resetLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  await afterCommit(context, {
    send: await queueTwoStepNotice({ account: await loadAccount(accountId), notice: "on", now }),
    audit: [{ event: "two_step_enabled", outcome: "authenticator-app", accountId, by: "owner" }],
    log: { event: "two-step.enabled", fields: { accountId } },
  });
  return { ok: true, recoveryCodes };
}

/**
 * What changing two-step on the account page asks first: two-step is on, and the current password is right (counted
 * like every current-password check: 5 per account per 15 minutes).
 */
async function ownerProven({ accountId, password }: { accountId: string; password: string }) {
  if (!(await hasAuthenticatorApp(accountId))) return { ok: false as const, reason: "off" as const };
  const account = await loadAccount(accountId);
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false as const, reason: "limited" as const, retryAfterMs: checked.retryAfterMs };
  if (!checked.right) return { ok: false as const, reason: "wrong-password" as const };
  return { ok: true as const, account };
}

export type RenewResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "wrong-password" | "off" } | { ok: false; reason: "limited"; retryAfterMs: number };

/** A new set of recovery codes, after the password: the old set stops working. */
export async function renewRecoveryCodes({ accountId, password }: { accountId: string; password: string }, context: RequestContext): Promise<RenewResult> {
  const { now } = context;
  const proven = await ownerProven({ accountId, password });
  if (!proven.ok) return proven;
  const { account } = proven;
  const recoveryCodes = newRecoveryCodes();
  await db.$transaction((tx) => replaceRecoveryCodes(tx, { accountId, codes: recoveryCodes, now }));
  await afterCommit(context, {
    send: await queueTwoStepNotice({ account, notice: "codesRenewed", now }),
    audit: [{ event: "recovery_codes_renewed", outcome: "ok", accountId, by: "owner" }],
  });
  return { ok: true, recoveryCodes };
}

export type TurnOffResult = { ok: true } | { ok: false; reason: "wrong-password" | "wrong-code" | "off" } | { ok: false; reason: "limited"; retryAfterMs: number };

/**
 * Turns two-step off, after the password and a code (the app's, or a recovery code): the app's secret and the
 * recovery codes are deleted.
 */
export async function turnOffTwoStep({ accountId, password, code }: { accountId: string; password: string; code: string }, context: RequestContext): Promise<TurnOffResult> {
  const { now } = context;
  const proven = await ownerProven({ accountId, password });
  if (!proven.ok) return proven;
  const { account } = proven;
  const allowed = await consumeLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  const right = looksLikeRecoveryCode(code)
    ? (await spendRecoveryCode({ accountId, typed: code, now })) !== null
    : await acceptTotpCode({ accountId, code: code.replace(/\s/g, ""), now });
  if (!right) {
    await afterCommit(context, { audit: [{ event: "second_step_failed", outcome: "wrong-code", accountId, by: "owner" }] });
    return { ok: false, reason: "wrong-code" };
  }
  await resetLimit({ limit: LIMITS.secondStepPerAccount, key: accountId });
  await db.$transaction(async (tx) => {
    await removeAuthenticatorApp(tx, { accountId });
    await removeRecoveryCodes(tx, { accountId });
    await forgetSecondStepTrust(tx, { accountId });
  });
  await afterCommit(context, {
    send: await queueTwoStepNotice({ account, notice: "off", now }),
    audit: [{ event: "two_step_disabled", outcome: "ok", accountId, by: "owner" }],
    log: { event: "two-step.disabled", fields: { accountId } },
  });
  return { ok: true };
}
