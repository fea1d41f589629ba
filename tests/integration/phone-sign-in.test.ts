import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { plainContext } from "@/lib/server/flows/context";
import { loadCodeRequest, type CodeRequest } from "@/lib/server/flows/code-request";
import { requestSignInCode, resendSignInCode, signInWithCode } from "@/lib/server/flows/login/code-sign-in";
import { signIn, type SignInAttempt } from "@/lib/server/flows/login/sign-in";
import { getSessionAccount } from "@/lib/server/identity/sessions";
import { parseMobileNumber } from "@/lib/shared/phone-number";
import { CODE_MAX_TRIES } from "@/lib/shared/one-time-code";
import { newEmail, OTHER_PASSWORD, PASSWORD, registerActive, solvedCaptcha } from "../support/fixtures";
import { codeTextedTo, deliverCodes, newPhone, ownAddress, phoneAccount } from "../support/phone-accounts";

// Issue 22, point 3: sign in with a phone number and its password, or with a code sent by text message, under the
// same limits, captcha rules and answers as an email; a number without an account is told nothing more.

const attempt = (identifier: string, password: string, more: Partial<SignInAttempt> = {}) => signIn({ identifier, password, ...more }, plainContext({ ipGroup: ownAddress() }));

/** "+86 138 0013 8000" for "+8613800138000": how people type it. */
const spaced = (e164: string) => `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}`;
const national = (e164: string) => e164.slice(3);

async function askForCode(e164: string, ipGroup = ownAddress()) {
  const number = parseMobileNumber({ input: e164 });
  if (!number.ok) throw new Error(`not a mobile number: ${e164}`);
  const asked = await requestSignInCode({ number: number.number, human: await solvedCaptcha() }, plainContext({ ipGroup }));
  if (!asked.ok) throw new Error(`refused: ${asked.reason}`);
  return { asked, request: (await loadCodeRequest(asked.cookie, new Date())) as CodeRequest, ipGroup };
}

const typeCode = (request: CodeRequest, typed: string, ipGroup = ownAddress()) => signInWithCode({ request, typed, browser: {} }, plainContext({ ipGroup }));
/** An answer without its wait, which differs by the milliseconds between two calls. */
const shape = (answer: object) => ({ ...answer, ...("retryAfterMs" in answer ? { retryAfterMs: "some" } : {}) });
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("sign in with a phone number and password", () => {
  it("takes the number in any common format: international with + or 00, spaced, or national in the chosen country", async () => {
    const account = await phoneAccount();
    for (const [typed, country] of [
      [account.phone, undefined],
      [spaced(account.phone), undefined],
      [`0086${national(account.phone)}`, undefined],
      [`00 86 ${national(account.phone)}`, "GB"],
      [national(account.phone), "CN"],
      [`${national(account.phone).slice(0, 3)}-${national(account.phone).slice(3, 7)}-${national(account.phone).slice(7)}`, "CN"],
    ] as const) {
      const result = await attempt(typed, PASSWORD, { country });
      expect(result, `${typed} in ${country}`).toMatchObject({ ok: true });
      if (result.ok) expect((await getSessionAccount(result.token, new Date()))?.id).toBe(account.id);
    }
    // Without a country, a national number is no number: refused like a wrong password.
    expect(await attempt(national(account.phone), PASSWORD)).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
  });

  it("answers an unknown number, a known number with a wrong password, a pending account and an unreadable number alike, and counts them alike", async () => {
    const known = await phoneAccount();
    const pending = await phoneAccount({ status: "pending" });
    const unknown = newPhone();
    const answers = [
      await attempt(known.phone, OTHER_PASSWORD),
      await attempt(unknown, PASSWORD),
      await attempt(pending.phone, PASSWORD),
      await attempt("+86 12", PASSWORD),
      await attempt("not a number", PASSWORD),
    ];
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
    const failures = async (key: string) => (await db.signInThrottle.findUnique({ where: { key } }))?.failures;
    expect([await failures(`phone:${known.phone}`), await failures(`phone:${unknown}`), await failures(`phone:${pending.phone}`)]).toEqual([1, 1, 1]);
    expect(await failures("phone-typed:+8612")).toBe(1);
  });

  it("pauses a phone number from its sixth failure, whatever format each try was typed in, exactly like an email", async () => {
    const { input } = await registerActive({ email: newEmail("paused"), country: "GB", wantsOffers: false, password: PASSWORD });
    const account = await phoneAccount();
    const formats = [account.phone, spaced(account.phone), `0086${national(account.phone)}`];
    const byPhone: unknown[] = [];
    const byEmail: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      byPhone.push(await attempt(formats[i % formats.length]!, OTHER_PASSWORD));
      byEmail.push(await attempt(input.email, OTHER_PASSWORD));
    }
    expect(byPhone.map((a) => shape(a as object))).toEqual(byEmail.map((a) => shape(a as object)));
    expect(byPhone.slice(0, 6)).toEqual(Array(6).fill({ ok: false, reason: "invalid", captchaRequired: false }));
    expect(byPhone[6]).toMatchObject({ ok: false, reason: "locked" });
    // Paused: even the right password is refused, in any format, as for the email.
    expect(await attempt(national(account.phone), PASSWORD, { country: "CN" })).toMatchObject({ ok: false, reason: "locked" });
    expect(await attempt(input.email, PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
  });
});

describe("sign in using a text message", () => {
  it("asks alike for every number; the worker texts a code only to an active account's number", async () => {
    const active = await phoneAccount();
    const pending = await phoneAccount({ status: "pending" });
    const unknown = newPhone();
    const before = await db.outboxMessage.count({ where: { kind: "sign_in_code" } });
    const asked = [await askForCode(active.phone), await askForCode(pending.phone), await askForCode(unknown)];
    for (const { asked: result } of asked) expect(Object.keys(result).sort()).toEqual(["cookie", "expiresAt", "ok"]);
    // The same work for each: one unwritten message queued, nothing written yet.
    expect(await db.outboxMessage.count({ where: { kind: "sign_in_code", composeFrom: { not: null } } })).toBe(before + 3);
    await deliverCodes();
    expect(await codeTextedTo(active.phone)).toMatch(/^\d{6}$/);
    expect(await codeTextedTo(pending.phone)).toBeNull();
    expect(await codeTextedTo(unknown)).toBeNull();
    expect(await db.oneTimeCode.count({ where: { accountId: pending.id } })).toBe(0);
  });

  it("signs in with the right code like a password would, once; wrong codes are counted, five make it dead", async () => {
    const account = await phoneAccount();
    const { request } = await askForCode(account.phone);
    await deliverCodes();
    const code = (await codeTextedTo(account.phone))!;
    expect(await typeCode(request, otherThan(code))).toEqual({ ok: false, reason: "wrong", triesLeft: CODE_MAX_TRIES - 1 });
    const signedIn = await typeCode(request, code);
    expect(signedIn).toMatchObject({ ok: true, device: { token: expect.any(String) }, locale: "en" });
    if (signedIn.ok) expect((await getSessionAccount(signedIn.token, new Date()))?.id).toBe(account.id);
    expect(await db.auditEvent.count({ where: { event: "sign_in", accountId: account.id, outcome: "ok-code" } })).toBe(1);
    // Used: the same code again is no longer live.
    expect(await typeCode(request, code)).toEqual({ ok: false, reason: "expired" });

    const second = await phoneAccount();
    const { request: again } = await askForCode(second.phone);
    await deliverCodes();
    const right = (await codeTextedTo(second.phone))!;
    const answers = [];
    for (let i = 0; i < CODE_MAX_TRIES; i++) answers.push(await typeCode(again, otherThan(right)));
    expect(answers.map((a) => ("triesLeft" in a ? a.triesLeft : a))).toEqual([4, 3, 2, 1, 0]);
    // Dead: the right code no longer works either.
    expect(await typeCode(again, right)).toEqual({ ok: false, reason: "dead" });
  });

  it("answers every code typed for a number without an account exactly as wrong codes for a real one, tries and pause included", async () => {
    const known = await phoneAccount();
    const unknown = newPhone();
    const { request: knownRequest } = await askForCode(known.phone);
    const { request: unknownRequest } = await askForCode(unknown);
    await deliverCodes();
    const wrong = otherThan((await codeTextedTo(known.phone))!);
    const forKnown = [];
    const forUnknown = [];
    for (let i = 0; i < CODE_MAX_TRIES + 2; i++) {
      forKnown.push(await typeCode(knownRequest, wrong));
      forUnknown.push(await typeCode(unknownRequest, wrong));
    }
    expect(forUnknown.map(shape)).toEqual(forKnown.map(shape));
    expect(forKnown.slice(CODE_MAX_TRIES)).toEqual([{ ok: false, reason: "dead" }, expect.objectContaining({ ok: false, reason: "locked" })]);
    // Counted by the sign-in throttle under the number, as a password would be.
    expect((await db.signInThrottle.findUnique({ where: { key: `phone:${unknown}` } }))?.failures).toBe(CODE_MAX_TRIES + 1);
    expect((await db.signInThrottle.findUnique({ where: { key: `phone:${known.phone}` } }))?.failures).toBe(CODE_MAX_TRIES + 1);
  });

  it("asks for the captcha before anything is counted or queued, and a number's cooldown refuses a second text", async () => {
    const account = await phoneAccount();
    const number = parseMobileNumber({ input: account.phone });
    if (!number.ok) throw new Error("number");
    const queued = () => db.outboxMessage.count({ where: { kind: "sign_in_code" } });
    const before = await queued();
    const wrongCaptcha = { ...(await solvedCaptcha()), captchaAnswer: "wrong" };
    expect(await requestSignInCode({ number: number.number, human: wrongCaptcha }, plainContext({ ipGroup: ownAddress() }))).toEqual({ ok: false, reason: "captcha" });
    expect(await requestSignInCode({ number: number.number, human: {} }, plainContext({ ipGroup: ownAddress() }))).toEqual({ ok: false, reason: "captcha" });
    expect(await queued()).toBe(before);
    const { request } = await askForCode(account.phone);
    // From another address, a minute has not passed for this number: refused, nothing queued.
    expect(await requestSignInCode({ number: number.number, human: await solvedCaptcha() }, plainContext({ ipGroup: ownAddress() }))).toMatchObject({ ok: false, reason: "cooldown" });
    expect(await resendSignInCode({ request }, plainContext({ ipGroup: ownAddress() }))).toMatchObject({ ok: false, reason: "cooldown" });
    expect(await queued()).toBe(before + 1);
  });

  it("'Resend code' sends a new code; only the newest works, and the request's tries start again", async () => {
    const account = await phoneAccount();
    const { asked, request, ipGroup } = await askForCode(account.phone);
    await deliverCodes();
    const first = (await codeTextedTo(account.phone))!;
    for (let i = 0; i < 3; i++) await typeCode(request, otherThan(first));
    // The per-number minute, moved into the past rather than waited for.
    await db.rateLimitCounter.deleteMany({ where: { key: { startsWith: "sms-cooldown-number" } } });
    expect(await resendSignInCode({ request }, plainContext({ ipGroup }))).toEqual({ ok: true });
    await deliverCodes();
    const second = (await codeTextedTo(account.phone))!;
    const renewed = (await loadCodeRequest(asked.ok ? asked.cookie : "", new Date()))!;
    expect(renewed.typed).toBe(0);
    if (second !== first) expect(await typeCode(renewed, first)).toEqual({ ok: false, reason: "wrong", triesLeft: CODE_MAX_TRIES - 1 });
    expect(await typeCode(renewed, second)).toMatchObject({ ok: true });
  });

  it("keeps the page's number on the server: the cookie is a random id alone, and a made-up or edited one names nothing", async () => {
    const account = await phoneAccount();
    const number = newPhone();
    const { asked } = await askForCode(number);
    if (!asked.ok) throw new Error("no code asked");
    expect(asked.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.cookie).not.toContain(number.slice(1));
    expect(await loadCodeRequest(`${asked.cookie}.sign_in.${account.phone}`, new Date())).toBeNull();
    expect(await loadCodeRequest(`${asked.cookie.slice(0, -1)}${asked.cookie.endsWith("A") ? "B" : "A"}`, new Date())).toBeNull();
    expect(await loadCodeRequest(asked.cookie, new Date())).toMatchObject({ purpose: "sign_in", e164: number });
  });
});
