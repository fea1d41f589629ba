import { describe, expect, it, vi } from "vitest";

// The new-device check on (the other integration files run with it off: setup.ts). Set before lib/ is imported,
// which reads the configuration once.
vi.hoisted(() => {
  process.env.NEW_DEVICE_CHECK = "on";
});

import { db } from "@/lib/server/db/client";
import { completeSecondStep, pendingSecondStep } from "@/lib/server/flows/login/second-step";
import { at, MINUTE, PASSWORD, registerActive } from "../support/fixtures";
import { context, signIn } from "../support/flows";
import { inbox } from "../support/integration-context";
import { codeTextedTo, phoneAccount } from "../support/phone-accounts";

// A password typed in a browser that has never signed in to the account lets nobody in until the code sent to the
// account is typed there too (flows/login/new-device.ts): mailed (saying where and when), or texted to a phone-only
// account; the browser is trusted after it, so the check comes once per browser.

const NEW_DEVICE_SUBJECT = "Your Mi Account code for a new device";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
let address = 0;
const from = () => `203.0.113.${(address += 1)}`;

async function passwordFromNewBrowser(identifier: string, now: Date, deviceToken?: string) {
  const result = await signIn({ identifier, password: PASSWORD, userAgent: FIREFOX, deviceToken, ipGroup: from() }, now);
  if (result.ok || result.reason !== "second-step") throw new Error(`expected the new-device check, got ${result.ok ? "a session" : result.reason}`);
  return result.secondStep.token;
}

const finish = (token: string, code: string, now: Date, deviceToken?: string) =>
  completeSecondStep({ token, code, trustBrowser: false, browser: { deviceToken, userAgent: FIREFOX } }, context(now));

const mailedCode = (text: string) => /^(\d{6})$/m.exec(text)?.[1] ?? null;

describe("the new-device check", () => {
  it("mails a code that says where and when; the code lets the browser in once, and the browser is trusted after", async () => {
    const t0 = new Date();
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const token = await passwordFromNewBrowser(input.email, t0);
    expect(await pendingSecondStep({ token, now: t0 })).toMatchObject({ check: "new-device", firstStep: "password" });
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(0);

    const mail = await inbox().waitForMail(input.email, { subject: NEW_DEVICE_SUBJECT });
    const code = mailedCode(mail.text);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain("Browser: Firefox on Linux.");
    expect(mail.text).toMatch(/Address: 203\.0\.113\.\d+\./);
    expect(mail.text).toContain(`${at(t0, 0).getUTCFullYear()}`);
    // Only a hash of it is kept.
    expect(JSON.stringify(await db.oneTimeCode.findMany({ where: { accountId: account.id } }))).not.toContain(code!);

    const wrong = code === "000000" ? "111111" : "000000";
    expect(await finish(token, wrong, t0)).toEqual({ ok: false, reason: "wrong", check: "new-device" });
    const done = await finish(token, code!, t0);
    if (!done.ok) throw new Error(done.reason);
    expect(done.device?.token).toBeTruthy();
    expect(await db.auditEvent.count({ where: { accountId: account.id, event: "new_device_sign_in" } })).toBe(1);
    expect(await finish(token, code!, t0)).toMatchObject({ ok: false });

    // The same browser (its cookie) signs in with the password alone from now on; another browser meets the check.
    const again = await signIn({ identifier: input.email, password: PASSWORD, deviceToken: done.device!.token, ipGroup: from() }, at(t0, MINUTE));
    expect(again.ok).toBe(true);
    await passwordFromNewBrowser(miId, at(t0, MINUTE));
  });

  it("only the newest code works, and the second step's limit holds: 5 codes per account per 15 minutes", async () => {
    const t0 = new Date();
    const { input } = await registerActive();
    const first = await passwordFromNewBrowser(input.email, t0);
    const firstCode = mailedCode((await inbox().waitForMail(input.email, { subject: NEW_DEVICE_SUBJECT })).text)!;
    const second = await passwordFromNewBrowser(input.email, t0);
    const secondCode = mailedCode((await inbox().waitForMail(input.email, { subject: NEW_DEVICE_SUBJECT })).text)!;
    // The first browser's code was replaced by the second's (one in a million they are the same digits).
    if (firstCode !== secondCode) expect((await finish(first, firstCode, t0)).ok).toBe(false);
    const wrong = secondCode === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) expect(await finish(second, wrong, t0)).toMatchObject({ ok: false, reason: "wrong" });
    // Five codes typed for the account: the right one now waits too (security/rate-limit.ts).
    expect(await finish(second, secondCode, t0)).toMatchObject({ ok: false, reason: "limited" });
  });

  it("5 codes per account an hour, whoever has the password: then the sign-in waits and nothing more is sent", async () => {
    const t0 = new Date();
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    for (let i = 0; i < 5; i++) await passwordFromNewBrowser(input.email, t0);
    const sixth = await signIn({ identifier: input.email, password: PASSWORD, ipGroup: from() }, t0);
    expect(sixth).toMatchObject({ ok: false, reason: "ip-limited" });
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "new_device_code" } })).toBe(5);
  });

  it("a wrong password sends nothing; a phone-only account gets the code by text", async () => {
    const t0 = new Date();
    const { input } = await registerActive();
    const refused = await signIn({ identifier: input.email, password: "Wrong#2049", ipGroup: from() }, t0);
    expect(refused).toMatchObject({ ok: false, reason: "invalid" });
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "new_device_code" } })).toBe(0);

    const phone = await phoneAccount();
    const token = await passwordFromNewBrowser(phone.phone, t0);
    await vi.waitFor(async () => expect(await codeTextedTo(phone.phone)).toMatch(/^\d{6}$/), { timeout: 10_000 });
    const done = await finish(token, (await codeTextedTo(phone.phone))!, t0);
    expect(done.ok).toBe(true);
  });

  it("an account with two-step takes its second step instead", async () => {
    const { generate } = await import("otplib");
    const { authenticatorSetup, turnOnTwoStep } = await import("@/lib/server/flows/settings/two-step");
    const t0 = new Date();
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const setup = await authenticatorSetup({ account, now: t0 });
    const code = await generate({ secret: setup!.secret.replace(/\s/g, ""), epoch: Math.floor(t0.getTime() / 1000) });
    expect((await turnOnTwoStep({ accountId: account.id, code }, context(t0))).ok).toBe(true);
    const token = await passwordFromNewBrowser(input.email, t0);
    expect(await pendingSecondStep({ token, now: t0 })).toMatchObject({ check: "two-step" });
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "new_device_code" } })).toBe(0);
  });
});
