import { generate } from "otplib";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { completeSecondStep, pendingSecondStep, SECOND_STEP_LIFETIME_MS } from "@/lib/server/flows/login/second-step";
import { authenticatorSetup, renewRecoveryCodes, turnOffTwoStep, turnOnTwoStep, twoStepStatus } from "@/lib/server/flows/settings/two-step";
import { TOTP_STEP_SECONDS } from "@/lib/server/methods/authenticator-app/totp";
import { decryptData } from "@/lib/server/security/data-key";
import { hashSecret } from "@/lib/server/security/secrets";
import { at, MINUTE, PASSWORD, registerActive, signInAs } from "../support/fixtures";
import { context, getSessionAccount } from "../support/flows";
import { inbox } from "../support/integration-context";

// Two-step verification through its flows, on the database of the run: turning it on with the authenticator app,
// the second step of a sign-in (app code, recovery code, trust this browser), its limit and lifetime, the recovery
// codes' renewal, turning it off, and the mails and audit rows of each change. Codes are computed from the secret the
// setup page shows, at the flows' clock, as the person's app would.

const STEP_MS = TOTP_STEP_SECONDS * 1000;
const TWO_STEP_SUBJECTS = {
  on: "Two-step verification is on for your Mi Account",
  off: "Two-step verification was turned off for your Mi Account",
  codeUsed: "A recovery code of your Mi Account was used",
  codesRenewed: "New recovery codes for your Mi Account",
};

/** The app's code for `secret` (as the page shows it, in groups) at `when`. */
const appCode = (secret: string, when: Date) => generate({ secret: secret.replace(/\s/g, ""), epoch: Math.floor(when.getTime() / 1000) });

/** The start of a TOTP step, a little into it, so `at(t, ±STEP_MS)` stays in the neighbouring steps. */
function stepStart(): Date {
  const now = Date.now();
  return new Date(now - (now % STEP_MS) + 1000);
}

/** An active account with two-step on: its secret, its recovery codes and the clock used. */
async function withTwoStep(t0 = stepStart()) {
  const { input, miId } = await registerActive();
  const account = await db.account.findUniqueOrThrow({ where: { miId } });
  const setup = await authenticatorSetup({ account, now: t0 });
  if (!setup) throw new Error("two-step is already on");
  const turnedOn = await turnOnTwoStep({ accountId: account.id, code: await appCode(setup.secret, t0) }, context(t0));
  if (!turnedOn.ok) throw new Error(`turning on failed: ${turnedOn.reason}`);
  return { email: input.email, account, secret: setup.secret, recoveryCodes: turnedOn.recoveryCodes, t0 };
}

/** Signs in with the password; the answer must be the second step's. */
async function halfSignedIn(email: string, now: Date) {
  const result = await signInAs(email, PASSWORD, now);
  if (result.ok || result.reason !== "second-step") throw new Error(`expected the second step, got ${result.ok ? "a session" : result.reason}`);
  return result.secondStep.token;
}

const finish = (token: string | undefined, code: string, now: Date, extra: { trustBrowser?: boolean; deviceToken?: string } = {}) =>
  completeSecondStep({ token, code, trustBrowser: extra.trustBrowser ?? false, browser: { deviceToken: extra.deviceToken } }, context(now));

describe("turning two-step on", () => {
  it("shows a QR code and key, confirms with the app's code, stores the secret encrypted and the codes as HMACs, mails a notice", async () => {
    const t0 = stepStart();
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const setup = await authenticatorSetup({ account, now: t0 });
    expect(setup?.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(setup?.secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const secret = setup!.secret.replace(/\s/g, "");
    // The same setup until it is confirmed (a reload shows the same QR code).
    expect((await authenticatorSetup({ account, now: at(t0, MINUTE) }))?.secret).toBe(setup!.secret);

    const wrong = await turnOnTwoStep({ accountId: account.id, code: "000000" === (await appCode(secret, t0)) ? "111111" : "000000" }, context(t0));
    expect(wrong).toEqual({ ok: false, reason: "wrong-code" });
    expect(await twoStepStatus({ accountId: account.id })).toEqual({ on: false, recoveryCodesLeft: 0 });

    const on = await turnOnTwoStep({ accountId: account.id, code: await appCode(secret, t0) }, context(t0));
    if (!on.ok) throw new Error(on.reason);
    expect(on.recoveryCodes).toHaveLength(10);
    expect(new Set(on.recoveryCodes).size).toBe(10);
    for (const code of on.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await twoStepStatus({ accountId: account.id })).toEqual({ on: true, recoveryCodesLeft: 10 });

    const row = await db.authenticatorApp.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(row.secret).not.toContain(secret);
    expect(row.secret).toMatch(/^k1\.[0-9a-f]{8}\./);
    expect(decryptData(row.secret).plain).toBe(secret);
    const stored = await db.recoveryCode.findMany({ where: { accountId: account.id } });
    expect(stored).toHaveLength(10);
    for (const { codeHash } of stored) {
      expect(codeHash).toMatch(/^[0-9a-f]{64}$/);
      for (const code of on.recoveryCodes) expect([code, code.replace("-", ""), hashSecret(code.replace("-", ""))]).not.toContain(codeHash);
    }
    expect((await inbox().waitForMail(input.email, { subject: TWO_STEP_SUBJECTS.on })).text).toContain("authenticator app");
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "two_step_enabled" } })).toBe(1);
    // On already: no new setup, and a second confirmation changes nothing.
    expect(await authenticatorSetup({ account, now: t0 })).toBeNull();
    expect(await turnOnTwoStep({ accountId: account.id, code: await appCode(secret, at(t0, STEP_MS)) }, context(t0))).toEqual({ ok: false, reason: "already-on" });
  });

  it("a setup left for more than 30 minutes starts again with a new key", async () => {
    const t0 = stepStart();
    const { miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const first = await authenticatorSetup({ account, now: t0 });
    const late = at(t0, 31 * MINUTE);
    expect(await turnOnTwoStep({ accountId: account.id, code: await appCode(first!.secret, late) }, context(late))).toEqual({ ok: false, reason: "wrong-code" });
    const second = await authenticatorSetup({ account, now: late });
    expect(second!.secret).not.toBe(first!.secret);
    expect((await turnOnTwoStep({ accountId: account.id, code: await appCode(second!.secret, late) }, context(late))).ok).toBe(true);
  });
});

describe("signing in with two-step on", () => {
  it("the password leaves the browser half signed in, with no session, until the app's code", async () => {
    const { email, secret, t0, account } = await withTwoStep();
    const now = at(t0, STEP_MS);
    const token = await halfSignedIn(email, now);
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await getSessionAccount(token, now)).toBeNull();
    expect(await pendingSecondStep({ token, now })).toMatchObject({ firstStep: "password" });

    expect(await finish(token, "123 456".replace(" ", "") === (await appCode(secret, now)) ? "654321" : "123456", now)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    const done = await finish(token, await appCode(secret, now), now);
    if (!done.ok) throw new Error(done.reason);
    expect(await getSessionAccount(done.token, now)).toMatchObject({ email });
    // Used once: the same half-signed-in state starts no second session.
    expect(await finish(token, await appCode(secret, at(now, STEP_MS)), at(now, STEP_MS))).toEqual({ ok: false, reason: "expired" });
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "sign_in", outcome: "ok+totp" } })).toBe(1);
  });

  it("accepts a code one step either side of now, not two; and each code once", async () => {
    const { email, secret, t0 } = await withTwoStep();
    const now = at(t0, 10 * STEP_MS);
    for (const [offset, accepted] of [[-2, false], [2, false], [-1, true], [0, true], [1, true]] as const) {
      const token = await halfSignedIn(email, now);
      const result = await finish(token, await appCode(secret, at(now, offset * STEP_MS)), now);
      expect(result.ok, `a code ${offset} steps away`).toBe(accepted);
    }
    // The code of the step just used (and any earlier one) is refused from then on: a replay gets nothing.
    const token = await halfSignedIn(email, now);
    expect(await finish(token, await appCode(secret, now), now)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    const later = at(now, 2 * STEP_MS);
    expect((await finish(token, await appCode(secret, later), later)).ok).toBe(true);
  });

  it("of many requests with the same right code at once, one signs in", async () => {
    const { email, secret, t0 } = await withTwoStep();
    const now = at(t0, STEP_MS);
    const tokens = await Promise.all(Array.from({ length: 4 }, () => halfSignedIn(email, now)));
    const code = await appCode(secret, now);
    const results = await Promise.all(tokens.map((token) => finish(token, code, now)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("the half-signed-in state lasts 5 minutes", async () => {
    const { email, secret, t0 } = await withTwoStep();
    const token = await halfSignedIn(email, t0);
    const late = at(t0, SECOND_STEP_LIFETIME_MS);
    expect(await pendingSecondStep({ token, now: late })).toBeNull();
    expect(await finish(token, await appCode(secret, late), late)).toEqual({ ok: false, reason: "expired" });
    expect(await finish("not-a-token", await appCode(secret, t0), t0)).toEqual({ ok: false, reason: "expired" });
  });

  it("5 codes per account per 15 minutes, from any browser, a trusted one too; a right code inside the budget refills it", async () => {
    const { email, secret, t0, account } = await withTwoStep();
    const now = at(t0, STEP_MS);
    const right = await appCode(secret, now);
    const wrong = right === "000000" ? "111111" : "000000";
    let token = await halfSignedIn(email, now);
    for (let i = 0; i < 4; i++) expect(await finish(token, wrong, now)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    const trusted = await finish(token, right, now, { trustBrowser: true });
    if (!trusted.ok) throw new Error(trusted.reason);
    const deviceToken = trusted.device!.token;

    // The trusted browser skips the second step now; another browser meets it, and its budget.
    expect((await signInAs(email, PASSWORD, now)).ok).toBe(false);
    const fromTrusted = await (await import("../support/flows")).signIn({ identifier: email, password: PASSWORD, deviceToken, ipGroup: "198.51.100.77" }, now);
    expect(fromTrusted.ok).toBe(true);

    const later = at(now, 2 * STEP_MS);
    token = await halfSignedIn(email, later);
    for (let i = 0; i < 5; i++) expect(await finish(token, wrong, later)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    const paused = await finish(token, await appCode(secret, later), later, { deviceToken });
    expect(paused).toMatchObject({ ok: false, reason: "limited" });
    // Nine wrong codes; the refusal by the limit writes no row (security/audit.ts).
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "second_step_failed" } })).toBe(9);
    // The pause ends with the limit's window (which runs on the real clock, faked here); the half-signed-in state
    // ended too (5 minutes): sign in again.
    const after = at(later, 15 * MINUTE + 1000);
    vi.useFakeTimers({ toFake: ["Date"], now: after });
    try {
      token = await halfSignedIn(email, after);
      expect((await finish(token, await appCode(secret, after), after)).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a recovery code works once in place of the app's, and says how many are left", async () => {
    const { email, recoveryCodes, account, t0 } = await withTwoStep();
    const [first, second] = recoveryCodes;
    let token = await halfSignedIn(email, t0);
    // Typed as people type: upper case, spaces, no dash.
    const typed = first!.toUpperCase().replace("-", " ");
    const done = await finish(token, typed, t0);
    expect(done).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    const notice = await inbox().waitForMail(email, { subject: TWO_STEP_SUBJECTS.codeUsed });
    expect(notice.text).toContain("You have 9 recovery codes left.");
    expect(await db.auditEvent.findFirst({ where: { accountId: account.id, event: "recovery_code_used" } })).toMatchObject({ outcome: "9 left" });

    token = await halfSignedIn(email, t0);
    expect(await finish(token, first!, t0)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    expect((await finish(token, second!, t0)).ok).toBe(true);
    expect(await twoStepStatus({ accountId: account.id })).toEqual({ on: true, recoveryCodesLeft: 8 });
  });

  it("a phone number's text-message code is a first step too", async () => {
    const { phoneAccount } = await import("../support/phone-accounts");
    const { beginSecondStep } = await import("@/lib/server/flows/login/second-step");
    const account = await phoneAccount();
    const t0 = stepStart();
    const setup = await authenticatorSetup({ account, now: t0 });
    expect((await turnOnTwoStep({ accountId: account.id, code: await appCode(setup!.secret, t0) }, context(t0))).ok).toBe(true);
    // No notice: the account has no email address (as for a changed password).
    const started = await beginSecondStep({ accountId: account.id, firstStep: "sms-code", now: t0 });
    expect(await pendingSecondStep({ token: started.token, now: t0 })).toMatchObject({ firstStep: "sms-code" });
    const now = at(t0, STEP_MS);
    expect((await finish(started.token, await appCode(setup!.secret, now), now)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "sign_in", outcome: "ok-code+totp" } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "two_step_notice" } })).toBe(0);
  });
});

describe("managing two-step", () => {
  it("new recovery codes after the password; the old set stops working", async () => {
    const { email, account, recoveryCodes, t0 } = await withTwoStep();
    expect(await renewRecoveryCodes({ accountId: account.id, password: "Wrong#2049" }, context(t0))).toEqual({ ok: false, reason: "wrong-password" });
    const renewed = await renewRecoveryCodes({ accountId: account.id, password: PASSWORD }, context(t0));
    if (!renewed.ok) throw new Error(renewed.reason);
    expect(renewed.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
    await inbox().waitForMail(email, { subject: TWO_STEP_SUBJECTS.codesRenewed });
    const token = await halfSignedIn(email, t0);
    expect(await finish(token, recoveryCodes[0]!, t0)).toEqual({ ok: false, reason: "wrong", check: "two-step" });
    expect((await finish(token, renewed.recoveryCodes[0]!, t0)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "recovery_codes_renewed" } })).toBe(1);
  });

  it("turning it off takes the password and a code, deletes the secret and codes, forgets trusted browsers, mails a notice", async () => {
    const { email, account, secret, t0 } = await withTwoStep();
    const now = at(t0, STEP_MS);
    const token = await halfSignedIn(email, now);
    const trusted = await finish(token, await appCode(secret, now), now, { trustBrowser: true });
    if (!trusted.ok) throw new Error(trusted.reason);
    const later = at(now, STEP_MS);
    const code = await appCode(secret, later);
    expect(await turnOffTwoStep({ accountId: account.id, password: "Wrong#2049", code }, context(later))).toEqual({ ok: false, reason: "wrong-password" });
    expect(await turnOffTwoStep({ accountId: account.id, password: PASSWORD, code: code === "000000" ? "111111" : "000000" }, context(later))).toEqual({ ok: false, reason: "wrong-code" });
    expect(await turnOffTwoStep({ accountId: account.id, password: PASSWORD, code }, context(later))).toEqual({ ok: true });
    await inbox().waitForMail(email, { subject: TWO_STEP_SUBJECTS.off });
    expect(await db.authenticatorApp.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.trustedDevice.count({ where: { accountId: account.id, secondStepSkippedUntil: { not: null } } })).toBe(0);
    expect((await signInAs(email, PASSWORD, later)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "two_step_disabled" } })).toBe(1);
  });
});
