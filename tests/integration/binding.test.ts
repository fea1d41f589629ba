import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { plainContext } from "@/lib/server/flows/context";
import { exportAccountData } from "@/lib/server/flows/settings/account-data";
import { confirmBinding, pendingBinding, removeIdentifier } from "@/lib/server/flows/settings/binding";
import { requestEmailBinding, requestPhoneBinding, resendBindingEmail } from "@/lib/server/flows/settings/binding-request";
import { hashPassword } from "@/lib/server/identity/passwords";
import { issueCode } from "@/lib/server/methods/code/one-time-code";
import { LIMITS, liveCount } from "@/lib/server/security/rate-limit";
import { admitSms } from "@/lib/server/security/sms-guard";
import { emailKey } from "@/lib/shared/email-address";
import { parseMobileNumber, type MobileNumber } from "@/lib/shared/phone-number";
import { at, newEmail, OTHER_PASSWORD, PASSWORD, registerActive, SECOND, solvedCaptchaAndWork } from "../support/fixtures";
import { inbox, smsc } from "../support/integration-context";
import { english } from "../support/messages";
import { CATALOGUE } from "@/lib/shared/i18n/catalogue";

// "One account, both ways" (issue 22, point 4): the account page binds a phone number to an email account and an
// email address to a phone account, each proven by a binding code sent to it, changes either, and removes one only
// while the other remains. Real database, real SMTP inbox, real SMPP (this file's test SMSC).

const BINDING_SUBJECT = english.emails.bindingCode.subject;

let numbers = 0;
/** A mobile number no other test of this run texts (the SMS guards count per number). */
function newNumber(): MobileNumber {
  numbers += 1;
  const digits = String((process.pid * 1000 + numbers) % 100_000_000).padStart(8, "0");
  const parsed = parseMobileNumber({ input: `+86138${digits}` });
  if (!parsed.ok) throw new Error(`not a mobile number: +86138${digits}`);
  return parsed.number;
}

let addresses = 0;
/** Each test asks from an address group of its own, so the per-address SMS cap of one never meets another's. */
function context(now = new Date()) {
  addresses += 1;
  return plainContext({ now, ipGroup: `198.51.102.${addresses}-${process.pid}` });
}

let miIds = 0;
/** An active account with a phone number and no email, as registration by phone makes it. */
async function phoneAccount(number = newNumber()) {
  miIds += 1;
  const miId = `9${String(process.pid).padStart(6, "0").slice(-6)}${String(miIds).padStart(3, "0")}`;
  const account = await db.account.create({
    data: { miId, phone: number.e164, email: null, emailKey: null, country: "CN", wantsOffers: false, passwordHash: await hashPassword(PASSWORD), status: "active", activatedAt: new Date() },
  });
  return { account, number };
}

/** An active account with an email and no phone number, registered and activated the usual way. */
async function emailAccount() {
  const { input } = await registerActive();
  return db.account.findFirstOrThrow({ where: { email: input.email } });
}

/** The newest text this file's test SMSC received for `number` (each send is acknowledged first), and its code. */
async function textedCode(number: MobileNumber): Promise<string> {
  const sms = smsc().latestSms(number.e164);
  if (!sms) throw new Error(`no text to ${number.e164}`);
  return /\d{6}/.exec(sms.text)![0];
}

/** The code from the newest binding mail to `email`: its first line. */
async function mailedCode(email: string): Promise<string> {
  const mail = await inbox().waitForMail(email, { subject: BINDING_SUBJECT });
  const code = mail.text.split("\n")[0]!.trim();
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

async function bindPhone(accountId: string, number: MobileNumber, password = PASSWORD) {
  return requestPhoneBinding({ accountId, number, password, human: await solvedCaptchaAndWork() }, context());
}

const reload = (id: string) => db.account.findUniqueOrThrow({ where: { id } });
const auditOf = (accountId: string) => db.auditEvent.findMany({ where: { accountId }, orderBy: { at: "asc" }, select: { event: true, outcome: true } });

describe("binding a phone number or an email address on the account page", () => {
  it("binds a phone number to an email account with the code texted to it, and the data download shows it", async () => {
    const account = await emailAccount();
    const number = newNumber();
    expect(await bindPhone(account.id, number)).toEqual({ ok: true, sentTo: number.e164 });
    expect(await pendingBinding({ accountId: account.id, now: new Date() })).toMatchObject({ kind: "phone", sentTo: number.e164, live: true, refused: false });
    const text = await db.outboxMessage.findFirstOrThrow({ where: { reference: account.id, kind: "binding_code" } });
    expect(text).toMatchObject({ channel: "sms", to: number.e164, secret: true, status: "sent", text: "" });

    expect(await confirmBinding({ accountId: account.id, code: await textedCode(number) }, context())).toEqual({ ok: true, identifier: "phone", value: number.e164 });
    expect(await reload(account.id)).toMatchObject({ email: account.email, phone: number.e164 });
    expect(await auditOf(account.id)).toEqual(expect.arrayContaining([{ event: "code_sent", outcome: "binding" }, { event: "identifier_bound", outcome: "phone" }]));
    expect((await exportAccountData({ accountId: account.id, now: new Date() })).account).toMatchObject({ email: account.email, phoneNumber: number.e164 });
    // Used once: the same code binds nothing again.
    expect(await confirmBinding({ accountId: account.id, code: await textedCode(number) }, context())).toEqual({ ok: false, reason: "expired" });
  });

  it("binds an email address to a phone account with the code mailed to it, in the account's language", async () => {
    const { account } = await phoneAccount();
    await db.account.update({ where: { id: account.id }, data: { locale: "es" } });
    const typed = newEmail("Bound").replace("@example.com", "@Example.COM");
    const address = typed.replace("@Example.COM", "@example.com"); // as the form's schema normalizes it
    expect(await requestEmailBinding({ accountId: account.id, email: address, password: PASSWORD }, context())).toEqual({ ok: true, sentTo: address });
    const mail = await inbox().waitForMail(address, { subject: CATALOGUE.es.emails.bindingCode.subject });
    const code = mail.text.split("\n")[0]!;
    const queued = await db.outboxMessage.findFirstOrThrow({ where: { reference: account.id, kind: "binding_code" } });
    const issued = await db.oneTimeCode.findFirstOrThrow({ where: { accountId: account.id, purpose: "binding" } });
    expect(queued).toMatchObject({ channel: "email", secret: true, status: "sent", html: "", text: "", expiresAt: issued.expiresAt });

    expect(await confirmBinding({ accountId: account.id, code }, context())).toEqual({ ok: true, identifier: "email", value: address });
    expect(await reload(account.id)).toMatchObject({ phone: account.phone, email: address, emailKey: emailKey(address) });
    expect(await auditOf(account.id)).toContainEqual({ event: "identifier_bound", outcome: "email" });
  });

  it("changes the phone number and the email address, each to where its new code went", async () => {
    const account = await emailAccount();
    const [first, second] = [newNumber(), newNumber()];
    await bindPhone(account.id, first);
    await confirmBinding({ accountId: account.id, code: await textedCode(first) }, context());
    // The number it already has needs no code.
    expect(await bindPhone(account.id, first)).toEqual({ ok: false, reason: "unchanged" });
    expect(await bindPhone(account.id, second)).toMatchObject({ ok: true });
    expect(await confirmBinding({ accountId: account.id, code: await textedCode(second) }, context())).toMatchObject({ ok: true, value: second.e164 });
    expect((await reload(account.id)).phone).toBe(second.e164);

    const address = newEmail("changed");
    expect(await requestEmailBinding({ accountId: account.id, email: account.email!.toUpperCase(), password: PASSWORD }, context())).toEqual({ ok: false, reason: "unchanged" });
    expect(await requestEmailBinding({ accountId: account.id, email: address, password: PASSWORD }, context())).toMatchObject({ ok: true });
    expect(await confirmBinding({ accountId: account.id, code: await mailedCode(address) }, context())).toMatchObject({ ok: true, value: address });
    expect(await reload(account.id)).toMatchObject({ email: address, emailKey: emailKey(address), phone: second.e164 });
  });

  it("removes one with the current password while the other remains, and never the last one", async () => {
    const { account, number } = await phoneAccount();
    const address = newEmail();
    await requestEmailBinding({ accountId: account.id, email: address, password: PASSWORD }, context());
    await confirmBinding({ accountId: account.id, code: await mailedCode(address) }, context());

    expect(await removeIdentifier({ accountId: account.id, identifier: "phone", password: OTHER_PASSWORD }, context())).toEqual({ ok: false, reason: "wrong-password" });
    expect((await reload(account.id)).phone).toBe(number.e164);
    expect(await removeIdentifier({ accountId: account.id, identifier: "phone", password: PASSWORD }, context())).toEqual({ ok: true });
    expect(await reload(account.id)).toMatchObject({ phone: null, email: address });
    expect(await auditOf(account.id)).toContainEqual({ event: "identifier_removed", outcome: "phone" });

    // The email is now the only way in: it stays, whatever the password.
    expect(await removeIdentifier({ accountId: account.id, identifier: "email", password: PASSWORD }, context())).toEqual({ ok: false, reason: "last" });
    expect(await removeIdentifier({ accountId: account.id, identifier: "phone", password: PASSWORD }, context())).toEqual({ ok: false, reason: "absent" });
    expect(await reload(account.id)).toMatchObject({ phone: null, email: address, emailKey: emailKey(address) });
    expect((await auditOf(account.id)).filter((row) => row.event === "identifier_removed")).toHaveLength(1);
  });

  it("refuses to remove the only phone number of a phone account, or the only email of an email account", async () => {
    const { account, number } = await phoneAccount();
    expect(await removeIdentifier({ accountId: account.id, identifier: "phone", password: PASSWORD }, context())).toEqual({ ok: false, reason: "last" });
    expect((await reload(account.id)).phone).toBe(number.e164);
    const other = await emailAccount();
    expect(await removeIdentifier({ accountId: other.id, identifier: "email", password: PASSWORD }, context())).toEqual({ ok: false, reason: "last" });
    expect((await reload(other.id)).email).toBe(other.email);
  });

  it("binds nothing with a code of another purpose (a sign-in code)", async () => {
    const account = await emailAccount();
    const number = newNumber();
    const { code } = await db.$transaction((tx) => issueCode(tx, { accountId: account.id, purpose: "sign_in", sentTo: number.e164, now: new Date() }));
    expect(await confirmBinding({ accountId: account.id, code }, context())).toEqual({ ok: false, reason: "expired" });
    // Nor beside a live binding code: it is just a wrong code there.
    const bound = newNumber();
    await bindPhone(account.id, bound);
    expect(await confirmBinding({ accountId: account.id, code }, context())).toMatchObject({ ok: false, reason: "wrong" });
    expect((await reload(account.id)).phone).toBeNull();
    expect(await db.oneTimeCode.count({ where: { accountId: account.id, purpose: "sign_in", usedAt: null } })).toBe(1);
  });

  it("says a number or an address belongs to another account only after its right code, and changes nothing", async () => {
    const { account: owner, number } = await phoneAccount();
    const account = await emailAccount();
    // Asked for like any other number: no hint before the code.
    expect(await bindPhone(account.id, number)).toEqual({ ok: true, sentTo: number.e164 });
    expect(await confirmBinding({ accountId: account.id, code: await textedCode(number) }, context())).toEqual({ ok: false, reason: "taken", identifier: "phone" });
    expect((await reload(account.id)).phone).toBeNull();
    expect((await reload(owner.id)).phone).toBe(number.e164);

    // An address in another letter case is the same mailbox.
    const { account: phoneOnly } = await phoneAccount();
    const taken = account.email!.replace(/^[a-z]/, (c) => c.toUpperCase());
    expect(await requestEmailBinding({ accountId: phoneOnly.id, email: taken, password: PASSWORD }, context())).toEqual({ ok: true, sentTo: taken });
    expect(await confirmBinding({ accountId: phoneOnly.id, code: await mailedCode(taken) }, context())).toEqual({ ok: false, reason: "taken", identifier: "email" });
    expect(await reload(phoneOnly.id)).toMatchObject({ email: null, emailKey: null });
    expect((await auditOf(phoneOnly.id)).map((row) => row.event)).not.toContain("identifier_bound");
  });

  it("lets one of two accounts racing for one number have it; the other is told it is taken, without an error", async () => {
    const [first, second] = [await emailAccount(), await emailAccount()];
    const number = newNumber();
    // Issued one after the other: only the confirmations race.
    const codes: { code: string }[] = [];
    for (const account of [first, second]) codes.push(await db.$transaction((tx) => issueCode(tx, { accountId: account.id, purpose: "binding", sentTo: number.e164, now: new Date() })));
    const outcomes = await Promise.all([first, second].map((account, i) => confirmBinding({ accountId: account.id, code: codes[i]!.code }, context())));
    expect(outcomes.map((outcome) => (outcome.ok ? "bound" : outcome.reason)).sort()).toEqual(["bound", "taken"]);
    expect(await db.account.count({ where: { phone: number.e164 } })).toBe(1);
  });

  it("refuses a wrong password, a wrong captcha and wrong codes, sending and changing nothing", async () => {
    const account = await emailAccount();
    const number = newNumber();
    expect(await bindPhone(account.id, number, OTHER_PASSWORD)).toEqual({ ok: false, reason: "wrong-password" });
    const wrongCaptcha = { ...(await solvedCaptchaAndWork()), captchaAnswer: "xxxxx" };
    expect(await requestPhoneBinding({ accountId: account.id, number, password: PASSWORD, human: wrongCaptcha }, context())).toEqual({ ok: false, reason: "captcha" });
    const address = newEmail();
    expect(await requestEmailBinding({ accountId: account.id, email: address, password: OTHER_PASSWORD }, context())).toEqual({ ok: false, reason: "wrong-password" });
    expect(smsc().messages().filter((sms) => sms.to === number.e164)).toHaveLength(0);
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "binding_code" } })).toBe(0);
    expect(await db.oneTimeCode.count({ where: { accountId: account.id } })).toBe(0);

    await bindPhone(account.id, number);
    const right = await textedCode(number);
    const wrong = right === "000000" ? "111111" : "000000";
    expect(await confirmBinding({ accountId: account.id, code: wrong }, context())).toEqual({ ok: false, reason: "wrong", triesLeft: 4, identifier: "phone" });
    for (let i = 0; i < 4; i++) await confirmBinding({ accountId: account.id, code: wrong }, context());
    // Five wrong: the right one no longer works either.
    expect(await confirmBinding({ accountId: account.id, code: right }, context())).toEqual({ ok: false, reason: "dead" });
    expect((await reload(account.id)).phone).toBeNull();
    expect((await auditOf(account.id)).filter((row) => row.event === "code_failed")).toHaveLength(5);
  });

  it("tells the code page when the text was refused for good, so the person can check the number", async () => {
    const account = await emailAccount();
    const number = newNumber();
    await bindPhone(account.id, number);
    expect(await pendingBinding({ accountId: account.id, now: new Date() })).toMatchObject({ refused: false });
    // As the courier records an SMSC's permanent refusal (an invalid number): dead, permanent.
    await db.outboxMessage.updateMany({ where: { reference: account.id, kind: "binding_code" }, data: { status: "dead", permanent: true } });
    expect(await pendingBinding({ accountId: account.id, now: new Date() })).toMatchObject({ kind: "phone", refused: true });
  });

  it("sends no code and counts nothing against the account when an SMS guard refuses the number", async () => {
    const account = await emailAccount();
    const number = newNumber();
    // Someone else just had a code sent to this number: its minute's cooldown is on.
    expect(await admitSms({ number, ipGroup: "203.0.113.77" })).toEqual({ ok: true });
    expect(await bindPhone(account.id, number)).toMatchObject({ ok: false, reason: "sms", refusal: "cooldown" });
    expect(await db.oneTimeCode.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "binding_code" } })).toBe(0);
    expect(smsc().messages().filter((sms) => sms.to === number.e164)).toHaveLength(0);
    expect(await liveCount({ limit: LIMITS.bindingRequestsPerAccount, key: account.id })).toBe(0);
    expect((await reload(account.id)).phone).toBeNull();
  });

  it("mails a new code a minute after the last, and gives an account five binding codes an hour", async () => {
    const { account } = await phoneAccount();
    const address = newEmail();
    const start = new Date();
    expect(await requestEmailBinding({ accountId: account.id, email: address, password: PASSWORD }, context(start))).toMatchObject({ ok: true });
    const first = await mailedCode(address);
    expect(await resendBindingEmail({ accountId: account.id }, context(at(start, 30 * SECOND)))).toEqual({ ok: false, reason: "cooldown", waitSeconds: 30 });
    expect(await resendBindingEmail({ accountId: account.id }, context(at(start, 61 * SECOND)))).toEqual({ ok: true, sentTo: address });
    const second = await mailedCode(address);
    // Only the newest works.
    if (first !== second) expect(await confirmBinding({ accountId: account.id, code: first }, context())).toMatchObject({ ok: false, reason: "wrong" });
    for (let i = 2; i <= 4; i++) expect(await resendBindingEmail({ accountId: account.id }, context(at(start, i * 61 * SECOND)))).toMatchObject({ ok: true });
    expect(await resendBindingEmail({ accountId: account.id }, context(at(start, 5 * 61 * SECOND)))).toMatchObject({ ok: false, reason: "limited" });
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "binding_code" } })).toBe(5);
  });
});
