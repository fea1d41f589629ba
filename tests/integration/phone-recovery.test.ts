import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { plainContext } from "@/lib/server/flows/context";
import { loadCodeRequest, type CodeRequest } from "@/lib/server/flows/code-request";
import { requestSignInCode, signInWithCode } from "@/lib/server/flows/login/code-sign-in";
import { signIn } from "@/lib/server/flows/login/sign-in";
import { checkRecoveryCode, completeCodeReset, requestRecoveryCode } from "@/lib/server/flows/recovery/code-recovery";
import { createSession, getSessionAccount } from "@/lib/server/identity/sessions";
import { trustDevice, trustedDeviceOf } from "@/lib/server/identity/trusted-devices";
import { CODE_MAX_TRIES } from "@/lib/shared/one-time-code";
import { parseMobileNumber } from "@/lib/shared/phone-number";
import { OTHER_PASSWORD, PASSWORD, solvedCaptcha } from "../support/fixtures";
import { codeTextedTo, deliverCodes, newPhone, ownAddress, phoneAccount } from "../support/phone-accounts";

// Issue 22, point 4: forgot password through a phone. A code by text message (asked for like the sign-in code,
// answered alike for every number), then a new password with the emailed link's effects.

const ctx = () => plainContext({ ipGroup: ownAddress() });
const mobile = (e164: string) => {
  const parsed = parseMobileNumber({ input: e164 });
  if (!parsed.ok) throw new Error(e164);
  return parsed.number;
};
const load = async (cookie: string) => (await loadCodeRequest(cookie, new Date())) as CodeRequest;
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function askRecovery(e164: string) {
  const asked = await requestRecoveryCode({ number: mobile(e164), human: await solvedCaptcha() }, ctx());
  if (!asked.ok) throw new Error(`refused: ${asked.reason}`);
  return load(asked.cookie);
}

async function askSignIn(e164: string) {
  const asked = await requestSignInCode({ number: mobile(e164), human: await solvedCaptcha() }, ctx());
  if (!asked.ok) throw new Error(`refused: ${asked.reason}`);
  return load(asked.cookie);
}

describe("forgot password by text message", () => {
  it("sets the new password; every session ends, other trusted browsers are forgotten, the old password stops working", async () => {
    const account = await phoneAccount();
    const other = await createSession({ accountId: account.id, now: new Date() });
    const device = (await trustDevice({ accountId: account.id, now: new Date() }))!.token;
    const resetting = (await trustDevice({ accountId: account.id, now: new Date() }))!.token;
    const request = await askRecovery(account.phone);
    await deliverCodes();
    const code = (await codeTextedTo(account.phone))!;
    expect(await checkRecoveryCode({ request, typed: otherThan(code) }, ctx())).toEqual({ ok: false, reason: "wrong", triesLeft: CODE_MAX_TRIES - 1 });
    const proven = await checkRecoveryCode({ request, typed: code }, ctx());
    expect(proven).toMatchObject({ ok: true });
    if (!proven.ok) return;
    const step = await load(proven.cookie);
    expect(step).toMatchObject({ purpose: "recovery_proven", e164: account.phone });
    // The code request is used: it takes no more codes.
    expect(await checkRecoveryCode({ request, typed: code }, ctx())).toEqual({ ok: false, reason: "expired" });

    const done = await Promise.all([
      completeCodeReset({ request: step, password: OTHER_PASSWORD, keepDeviceToken: resetting }, ctx()),
      completeCodeReset({ request: step, password: "Third-pass-3", keepDeviceToken: resetting }, ctx()),
    ]);
    // Two presses racing: one sets the password.
    expect(done.filter((d) => d.ok)).toEqual([{ ok: true, activatedMiId: null }]);
    expect(await getSessionAccount(other.token, new Date())).toBeNull();
    expect(await trustedDeviceOf({ token: device, accountId: account.id, now: new Date() })).toBeUndefined();
    expect(await trustedDeviceOf({ token: resetting, accountId: account.id, now: new Date() })).toBeTruthy();
    // Whichever press won, its password is the account's now.
    const winner = done[0]!.ok ? OTHER_PASSWORD : "Third-pass-3";
    expect(await signIn({ identifier: account.phone, password: PASSWORD }, ctx())).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signIn({ identifier: account.phone, password: winner }, ctx())).toMatchObject({ ok: true });
    expect(await db.auditEvent.count({ where: { event: "password_reset", accountId: account.id, outcome: "ok-sms" } })).toBe(1);
  });

  it("activates a pending account: the code proves the phone", async () => {
    const account = await phoneAccount({ status: "pending" });
    const request = await askRecovery(account.phone);
    await deliverCodes();
    const proven = await checkRecoveryCode({ request, typed: (await codeTextedTo(account.phone))! }, ctx());
    if (!proven.ok) throw new Error(proven.reason);
    expect(await completeCodeReset({ request: await load(proven.cookie), password: OTHER_PASSWORD }, ctx())).toEqual({ ok: true, activatedMiId: account.miId });
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("active");
  });

  it("asks alike for every number, texts only an account's number, and answers a number without one as wrong codes", async () => {
    const known = await phoneAccount();
    const unknown = newPhone();
    const knownRequest = await askRecovery(known.phone);
    const unknownRequest = await askRecovery(unknown);
    await deliverCodes();
    expect(await codeTextedTo(unknown)).toBeNull();
    const wrong = otherThan((await codeTextedTo(known.phone))!);
    const forKnown = [];
    const forUnknown = [];
    for (let i = 0; i <= CODE_MAX_TRIES; i++) {
      forKnown.push(await checkRecoveryCode({ request: knownRequest, typed: wrong }, ctx()));
      forUnknown.push(await checkRecoveryCode({ request: unknownRequest, typed: wrong }, ctx()));
    }
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.at(-1)).toEqual({ ok: false, reason: "dead" });
  });

  it("never takes a sign-in code for recovery, nor a recovery code for sign-in", async () => {
    const account = await phoneAccount();
    const signInRequest = await askSignIn(account.phone);
    await deliverCodes();
    const signInCode = (await codeTextedTo(account.phone))!;
    // The per-number cooldown lets a second text go a minute later.
    await db.rateLimitCounter.deleteMany({ where: { key: { startsWith: "sms-cooldown-number" } } });
    const recoveryRequest = await askRecovery(account.phone);
    await deliverCodes();
    const recoveryCode = (await codeTextedTo(account.phone))!;
    expect(recoveryCode).not.toBe(signInCode);
    expect(await checkRecoveryCode({ request: recoveryRequest, typed: signInCode }, ctx())).toMatchObject({ ok: false, reason: "wrong" });
    expect(await signInWithCode({ request: signInRequest, typed: recoveryCode, browser: {} }, ctx())).toMatchObject({ ok: false, reason: "wrong" });
    // A request of one kind is not the other's: a sign-in request cannot set a password, nor check a recovery code.
    expect(await checkRecoveryCode({ request: signInRequest, typed: recoveryCode }, ctx())).toEqual({ ok: false, reason: "expired" });
    expect(await completeCodeReset({ request: recoveryRequest, password: OTHER_PASSWORD }, ctx())).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithCode({ request: recoveryRequest, typed: signInCode, browser: {} }, ctx())).toEqual({ ok: false, reason: "expired" });
    // Each still works for its own purpose.
    expect(await signInWithCode({ request: signInRequest, typed: signInCode, browser: {} }, ctx())).toMatchObject({ ok: true });
    expect(await checkRecoveryCode({ request: recoveryRequest, typed: recoveryCode }, ctx())).toMatchObject({ ok: true });
  });
});
