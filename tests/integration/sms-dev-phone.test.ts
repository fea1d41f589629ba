import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { smsc } from "../support/integration-context";

// With no SMS_URL the portal keeps texts in the database for the /dev/sms page (the dev phone). lib/server/config/env.ts
// reads the environment once, on first import, so SMS_URL is removed before this file loads lib/ (dynamically,
// since static imports would run first).
delete process.env.SMS_URL;
const { devPhoneEnabled } = await import("@/lib/server/config/env");
const { db } = await import("@/lib/server/db/client");
const { queueMessage, sendMessage } = await import("@/lib/server/courier/outbox");
const { codeInSms, listDevSms } = await import("@/lib/server/courier/dev-phone");
const { codeText } = await import("@/lib/server/methods/code/sms-text");
const DevPhonePage = (await import("@/app/dev/sms/page")).default;

async function sendSms(to: string, text: string, now: Date) {
  const id = await db.$transaction((tx) =>
    queueMessage(tx, { channel: "sms", kind: "registration_code", to, subject: "", html: "", text, reference: `test:${to}`, secret: true, expiresAt: new Date(now.getTime() + 600_000), now }),
  );
  return sendMessage({ id, now });
}

describe("dev phone (no SMS_URL)", () => {
  it("is on only when SMS_URL is unset", () => {
    expect(devPhoneEnabled).toBe(true);
  });

  it("keeps each text instead of sending it, and shows them newest first with their code apart", async () => {
    const now = new Date();
    const first = codeText({ purpose: "registration", code: "318274", locale: "en" });
    const second = codeText({ purpose: "sign_in", code: "904512", locale: "ar" });
    expect(await sendSms("+447700900001", first, now)).toBe("sent");
    expect(await sendSms("+966501234567", second, new Date(now.getTime() + 1000))).toBe("sent");
    expect(smsc().messages()).toEqual([]);

    const kept = await listDevSms();
    expect(kept.map((sms) => [sms.to, sms.text])).toEqual([
      ["+966501234567", second],
      ["+447700900001", first],
    ]);
    expect(kept.map((sms) => codeInSms(sms.text))).toEqual(["904512", "318274"]);

    const html = renderToStaticMarkup(await DevPhonePage());
    expect(html).toContain("Dev phone");
    expect([...html.matchAll(/data-testid="dev-phone-code">(\d+)</g)].map((match) => match[1])).toEqual(["904512", "318274"]);
    expect(html).toContain("+447700900001");
  });

  it("finds no code in a text without one", () => {
    expect(codeInSms("Your Mi Account was changed. Call 12 if it was not you.")).toBeNull();
  });
});
