import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import * as drafts from "@/lib/server/flows/registration/draft";
import { activateByCode, activatedByThisRegistration } from "@/lib/server/flows/verification/code-activation";
import { passwordMatches } from "@/lib/server/methods/password/check";
import { issueCode } from "@/lib/server/methods/code/one-time-code";
import { LIMITS, resetLimit } from "@/lib/server/security/rate-limit";
import { hashSecret } from "@/lib/server/security/secrets";
import { registerPhoneStep1Schema, registrationCodeSchema } from "@/lib/server/validation/register";
import { ERROR } from "@/lib/server/validation/codes";
import { at, MINUTE, OTHER_PASSWORD, PASSWORD, SECOND, solvedCaptcha } from "../support/fixtures";
import { context } from "../support/flows";
import { smsc } from "../support/integration-context";

// Registration by mobile number (issue 22, point 1): step 1 keeps the number as E.164 in the draft, step 2 passes
// the SMS guards and texts a code bound to the password and the browser, and the code page activates the account
// once. The texts go over SMPP to this file's test SMSC (SMS_URL), read as a person reads their phone.

let numbers = 0;
/** A fresh Chinese mobile number: as a person types it (national) and as it is stored (E.164). */
function newNumber() {
  numbers += 1;
  const subscriber = String(10_000_000 + ((process.pid * 1000 + numbers) % 89_999_999)).padStart(8, "0");
  return { typed: `138 ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`, e164: `+86138${subscriber}` };
}

let browsers = 0;
/** A browser of its own: its address group keeps every per-address counter apart from the other tests'. */
const newIp = () => `203.0.113.${++browsers % 250}-${process.pid}-${browsers}`;

/** Step 1 by phone, as the action does it: the form's fields through the schema, then the draft. */
async function stepOne(typed: string, now = new Date()): Promise<string> {
  const parsed = registerPhoneStep1Schema("CN").parse({ country: "CN", phone: typed, privacy: "on" });
  return drafts.saveRegistrationDraft({ answers: { phone: parsed.phone, country: parsed.country, wantsOffers: parsed.offers }, now });
}

async function draftOf(draftId: string, now = new Date()) {
  const draft = await drafts.loadRegistrationDraft(draftId, now);
  if (draft?.phone === undefined) throw new Error("no phone draft");
  return draft;
}

/** Step 2 with a solved captcha, from its own address group. */
async function stepTwo(draftId: string, password: string, { now = new Date(), ipGroup = newIp() } = {}) {
  const { captchaId, captchaAnswer } = await solvedCaptcha(now);
  return drafts.submitRegistration({ draft: await draftOf(draftId, now), password, human: { captchaId, captchaAnswer } }, context(now, { ipGroup }));
}

/** The code page's press in the browser of `draftId` (or another draft's hash: another browser). */
async function typeCode(draftId: string, typed: string, { now = new Date(), asDraftIdHash }: { now?: Date; asDraftIdHash?: string } = {}) {
  const draft = await draftOf(draftId, now);
  // Another browser has a draft of its own, with no password chosen in it.
  const registration = asDraftIdHash
    ? { phone: draft.phone, draftIdHash: asDraftIdHash, passwordHash: null, codeAskedAt: null }
    : { phone: draft.phone, draftIdHash: draft.idHash, passwordHash: draft.passwordHash, codeAskedAt: draft.codeAskedAt };
  return activateByCode({ registration, typed }, context(now, { ipGroup: newIp() }));
}

/** The codes the test SMSC received for `e164`, oldest first (each send is acknowledged before the flow returns). */
async function codesTexted(e164: string): Promise<string[]> {
  const texts = smsc().messages().filter((sms) => sms.to === e164);
  return texts.map((sms) => /\b(\d{6})\b/.exec(sms.text)?.[1] ?? "none");
}

/** A minute as far as the SMS guards know (their counters run on the real clock): the number's cooldown ends. */
const coolDown = (e164: string) => resetLimit({ limit: LIMITS.smsCooldownPerNumber, key: e164 });

/** A wrong code: the right one with its last digit changed. */
const wrongOf = (code: string) => code.slice(0, 5) + String((Number(code[5]) + 1) % 10);

async function registeredAndTexted(password = PASSWORD, now = new Date()) {
  const number = newNumber();
  const draftId = await stepOne(number.typed, now);
  const result = await stepTwo(draftId, password, { now });
  expect(result).toMatchObject({ ok: true, outcome: { kind: "created", mail: "sent" } });
  const [code] = await codesTexted(number.e164);
  return { number, draftId, code: code! };
}

describe("registration by mobile number", () => {
  it("reads the number in the chosen country, keeps it as E.164, and refuses landlines and impossible numbers", async () => {
    const schema = registerPhoneStep1Schema("CN");
    const fields = { country: "CN", privacy: "on" };
    expect(schema.parse({ ...fields, phone: "138-0013 8000" }).phone).toBe("+8613800138000");
    expect(schema.parse({ ...fields, phone: "+44 7400 123456" }).phone).toBe("+447400123456");
    const errorsOf = (phone: string) => schema.safeParse({ ...fields, phone }).error?.issues.map((issue) => issue.message);
    expect(errorsOf("010 1234 5678")).toEqual([ERROR.phoneLandline]);
    expect(errorsOf("138 0013")).toEqual([ERROR.phoneInvalid]);
    expect(errorsOf("")).toEqual([ERROR.phoneRequired]);
    // A premium-rate number is never texted (SMS pumping's target).
    expect(errorsOf("+44 909 879 0000")).toEqual([ERROR.phoneNotMobile]);
  });

  it("creates a pending account with the phone and no email, texts a code bound to the password, and the code activates it", async () => {
    const t0 = new Date();
    const number = newNumber();
    const draftId = await stepOne(number.typed, t0);
    expect(await drafts.loadRegistrationDraft(draftId, t0)).toMatchObject({ phone: number.e164, country: "CN", submitted: false, codeAskedAt: null });

    const result = await stepTwo(draftId, PASSWORD, { now: t0 });
    expect(result).toEqual({ ok: true, outcome: { kind: "created", mail: "sent", messageId: expect.any(String) } });
    const account = await db.account.findUniqueOrThrow({ where: { phone: number.e164 } });
    expect(account).toMatchObject({ email: null, emailKey: null, status: "pending", country: "CN" });
    const draft = await draftOf(draftId, t0);
    expect(draft).toMatchObject({ submitted: true, resendWaitSeconds: 60, passwordHash: account.passwordHash, codeAskedAt: t0 });
    const message = await db.outboxMessage.findUniqueOrThrow({ where: { id: draft.messageId! } });
    expect(message).toMatchObject({ channel: "sms", kind: "registration_code", to: number.e164, status: "sent" });
    const codes = await codesTexted(number.e164);
    expect(codes).toHaveLength(1);
    expect(await db.oneTimeCode.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({
      purpose: "registration",
      sentTo: number.e164,
      passwordHash: account.passwordHash,
      draftIdHash: hashSecret(draftId),
    });

    // Pasted with a space, as a person copies it: the form's schema drops it before the flow sees six digits.
    const pasted = registrationCodeSchema.parse({ code: `${codes[0]!.slice(0, 3)} ${codes[0]!.slice(3)}` }).code;
    expect(await typeCode(draftId, pasted, { now: at(t0, MINUTE) })).toEqual({ ok: true, miId: account.miId, phone: number.e164 });
    const active = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(active).toMatchObject({ status: "active", activatedAt: at(t0, MINUTE) });
    expect(await passwordMatches(PASSWORD, active.passwordHash)).toBe(true);
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.oneTimeCode.count({ where: { accountId: account.id } })).toBe(0);
    // The page shows the done view again on a reload, in this browser only.
    expect(await activatedByThisRegistration({ phone: number.e164, passwordHash: draft.passwordHash })).toEqual({ miId: account.miId, phone: number.e164 });
    expect(await activatedByThisRegistration({ phone: number.e164, passwordHash: null })).toBeNull();

    const audit = await db.auditEvent.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.event, row.outcome])).toEqual([
      ["sign_up", "created"],
      ["code_sent", "registration"],
      ["activation", "ok"],
    ]);
  });

  it("a second registration of a pending number replaces the first: its code ends, the new password is the one bound", async () => {
    const first = await registeredAndTexted(PASSWORD);
    await coolDown(first.number.e164);
    const secondDraft = await stepOne(first.number.typed);
    expect(await stepTwo(secondDraft, OTHER_PASSWORD)).toMatchObject({ ok: true, outcome: { kind: "pending-replaced", mail: "sent" } });
    const [, secondCode] = await codesTexted(first.number.e164);

    expect(await typeCode(first.draftId, first.code)).toEqual({ ok: false, reason: "expired" });
    expect(await typeCode(secondDraft, secondCode!)).toMatchObject({ ok: true });
    const account = await db.account.findUniqueOrThrow({ where: { phone: first.number.e164 } });
    expect(account.status).toBe("active");
    expect(await passwordMatches(OTHER_PASSWORD, account.passwordHash)).toBe(true);
    expect(await passwordMatches(PASSWORD, account.passwordHash)).toBe(false);
  });

  it("an active number gets the same answer and page, and no code: typed codes are answered as for a pending one", async () => {
    const owner = await registeredAndTexted(PASSWORD);
    expect(await typeCode(owner.draftId, owner.code)).toMatchObject({ ok: true });
    const before = await db.account.findUniqueOrThrow({ where: { phone: owner.number.e164 } });
    await coolDown(owner.number.e164);

    const t0 = new Date();
    const stranger = await stepOne(owner.number.typed, t0);
    const result = await stepTwo(stranger, OTHER_PASSWORD, { now: t0 });
    expect(result).toEqual({ ok: true, outcome: { kind: "already-active", mail: "none" } });
    expect(await draftOf(stranger, t0)).toMatchObject({ submitted: true, resendWaitSeconds: 60, messageId: null });
    expect(await codesTexted(owner.number.e164)).toHaveLength(1);
    expect(await db.oneTimeCode.count({ where: { accountId: before.id } })).toBe(0);
    expect(await db.account.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);

    // The same answers a pending number's code gives: wrong with the tries left, then dead, then expired.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await typeCode(stranger, owner.code, { now: at(t0, SECOND) }));
    expect(answers).toEqual([
      ...[4, 3, 2, 1, 0].map((triesLeft) => ({ ok: false, reason: "wrong", triesLeft })),
      { ok: false, reason: "dead" },
    ]);
    expect(await typeCode(stranger, owner.code, { now: at(t0, 10 * MINUTE) })).toEqual({ ok: false, reason: "expired" });
    expect(await activatedByThisRegistration({ phone: owner.number.e164, passwordHash: (await draftOf(stranger)).passwordHash })).toBeNull();
    expect(await db.account.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
  });

  it("five wrong codes kill the code: the sixth is refused even when right", async () => {
    const { number, draftId, code } = await registeredAndTexted();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await typeCode(draftId, wrongOf(code)));
    expect(answers).toEqual([4, 3, 2, 1, 0].map((triesLeft) => ({ ok: false, reason: "wrong", triesLeft })));
    expect(await typeCode(draftId, code)).toEqual({ ok: false, reason: "dead" });
    const account = await db.account.findUniqueOrThrow({ where: { phone: number.e164 } });
    expect(account.status).toBe("pending");
    const failed = await db.auditEvent.findMany({ where: { event: "code_failed", accountId: account.id } });
    expect(failed.map((row) => row.outcome).sort()).toEqual(["dead", "wrong", "wrong", "wrong", "wrong", "wrong"]);
  });

  it("refuses a code of another purpose and the right code typed in another browser", async () => {
    const { number, draftId, code } = await registeredAndTexted();
    const account = await db.account.findUniqueOrThrow({ where: { phone: number.e164 } });
    // Another browser (draft): refused before any try is counted, so the owner's tries stay whole.
    const elsewhere = await stepOne(number.typed);
    expect(await typeCode(draftId, code, { asDraftIdHash: hashSecret(elsewhere) })).toEqual({ ok: false, reason: "expired" });
    // A sign-in code for the same account never activates it (and replaces nothing of the registration's).
    const signInCode = await db.$transaction((tx) => issueCode(tx, { accountId: account.id, purpose: "sign_in", sentTo: number.e164, now: new Date() }));
    expect(await typeCode(draftId, signInCode.code)).toEqual({ ok: false, reason: "wrong", triesLeft: 4 });
    expect(await typeCode(draftId, code)).toMatchObject({ ok: true });
  });

  it("a code expires ten minutes after it was sent", async () => {
    const t0 = new Date();
    const { draftId, code } = await registeredAndTexted(PASSWORD, t0);
    expect(await typeCode(draftId, code, { now: at(t0, 10 * MINUTE) })).toEqual({ ok: false, reason: "expired" });
  });

  it("parallel presses of the right code activate once, and every press of this browser then shows the account", async () => {
    const { number, draftId, code } = await registeredAndTexted();
    const results = await Promise.all(Array.from({ length: 8 }, () => typeCode(draftId, code)));
    const account = await db.account.findUniqueOrThrow({ where: { phone: number.e164 } });
    expect(results).toEqual(Array(8).fill({ ok: true, miId: account.miId, phone: number.e164 }));
    expect(account.status).toBe("active");
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "activation", outcome: "ok" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "code_failed" } })).toBe(0);
    // Another browser's press gets nothing of it.
    expect(await typeCode(draftId, code, { asDraftIdHash: hashSecret(await stepOne(number.typed)) })).toMatchObject({ ok: false });
  });

  it("twenty parallel wrong guesses get at most five compares: the tries are reserved first", async () => {
    const { number, draftId, code } = await registeredAndTexted();
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const results = await Promise.all(guesses.map((guess) => typeCode(draftId, guess)));
    expect(results.filter((result) => !result.ok && result.reason === "wrong")).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === "dead")).toHaveLength(15);
    const account = await db.account.findUniqueOrThrow({ where: { phone: number.e164 } });
    expect(await db.oneTimeCode.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({ failures: 5, usedAt: null });
    expect(await typeCode(draftId, code)).toEqual({ ok: false, reason: "dead" });
  });

  it("creates nothing when the SMS guards refuse, and says which guard", async () => {
    const first = await registeredAndTexted();
    // Within the number's minute, from another browser: the cooldown refuses before anything is written.
    const second = await stepOne(first.number.typed);
    const before = await db.account.findUniqueOrThrow({ where: { phone: first.number.e164 } });
    const refused = await stepTwo(second, OTHER_PASSWORD);
    expect(refused).toEqual({ ok: false, reason: "sms", refusal: "cooldown", retryAfterMs: expect.any(Number) });
    expect(await draftOf(second)).toMatchObject({ submitted: false, passwordHash: null });
    expect(await db.account.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect(await codesTexted(first.number.e164)).toHaveLength(1);
    // The first registration's code still works.
    expect(await typeCode(first.draftId, first.code)).toMatchObject({ ok: true });
  });

  it("resends a code after the draft's minute, through the SMS guards; the earlier code ends", async () => {
    const t0 = new Date();
    const { number, draftId, code } = await registeredAndTexted(PASSWORD, t0);
    const resend = async (now: Date) => drafts.resendFromDraft({ draft: await draftOf(draftId, now) }, context(now, { ipGroup: newIp() }));
    expect(await resend(at(t0, 30 * SECOND))).toEqual({ ok: false, reason: "cooldown", waitSeconds: 30 });
    // The draft's minute is over but not the number's (the guards' clock is real): refused, the draft's countdown untouched.
    expect(await resend(at(t0, 61 * SECOND))).toEqual({ ok: false, reason: "sms", refusal: "cooldown", retryAfterMs: expect.any(Number) });
    expect(await draftOf(draftId, at(t0, 61 * SECOND))).toMatchObject({ codeAskedAt: t0 });
    await coolDown(number.e164);
    expect(await resend(at(t0, 62 * SECOND))).toEqual({ ok: true });
    const codes = await codesTexted(number.e164);
    expect(codes).toHaveLength(2);
    expect(await draftOf(draftId, at(t0, 62 * SECOND))).toMatchObject({ codeAskedAt: at(t0, 62 * SECOND), resendWaitSeconds: 60 });
    expect(await typeCode(draftId, code, { now: at(t0, 63 * SECOND) })).toMatchObject({ ok: false });
    expect(await typeCode(draftId, codes[1]!, { now: at(t0, 63 * SECOND) })).toMatchObject({ ok: true });
  });

  it("tells the code page when the text expired in the queue or the number was refused for good", async () => {
    const { draftId } = await registeredAndTexted();
    const draft = await draftOf(draftId);
    expect(await drafts.draftCodeUndelivered(draft)).toBeNull();
    await db.outboxMessage.update({ where: { id: draft.messageId! }, data: { status: "expired" } });
    expect(await drafts.draftCodeUndelivered(draft)).toBe("expired");
    await db.outboxMessage.update({ where: { id: draft.messageId! }, data: { status: "dead", permanent: true } });
    expect(await drafts.draftCodeUndelivered(draft)).toBe("refused");
  });
});
