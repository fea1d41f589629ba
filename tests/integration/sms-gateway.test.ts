import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { messageRefused, queueMessage, sendDueMessages, sendMessage } from "@/lib/server/courier/outbox";
import { closeSmppSession, SMPP_TIMEOUT_MS } from "@/lib/server/courier/smpp/session";
import { codeText } from "@/lib/server/methods/code/sms-text";
import { at, MINUTE, SECOND } from "../support/fixtures";
import { logLines, smsc } from "../support/integration-context";
import { startSmsc } from "../support/smsc";

// Issue 22, points 5 and 8: texts go through the outbox to a real SMPP server (tests/support/smsc.ts), in the right
// data coding, and none is lost to a refused bind, throttling, an SMSC that is down or a sender that died; none is
// sent twice, none after its code expired, and a number the SMSC refuses for good is reported as such.

const CODE_LIFETIME = 10 * MINUTE;

let numbers = 0;
/** A fresh UK mobile number per call (+44 7700 900xxx is Ofcom's range for drama and tests). */
function newNumber(): string {
  numbers += 1;
  return `+447700${String(process.pid % 1000).padStart(3, "0")}${String(numbers).padStart(3, "0")}`;
}

/** Queues a code text as the flows do (outbox.ts queueMessage, channel sms). */
async function queueSms({ to, text, now, expiresAt = at(now, CODE_LIFETIME) }: { to: string; text: string; now: Date; expiresAt?: Date }): Promise<string> {
  return db.$transaction((tx) =>
    queueMessage(tx, { channel: "sms", kind: "sign_in_code", to, subject: "", html: "", text, reference: `test:${to}`, secret: true, expiresAt, now }),
  );
}

const row = (id: string) => db.outboxMessage.findUniqueOrThrow({ where: { id } });
const textsTo = (to: string) => smsc().messages().filter((sms) => sms.to === to);

beforeEach(() => smsc().clear());
afterEach(async () => {
  smsc().throttle(0);
  await smsc().start(); // a test that stopped it leaves it running again
  // What a test left waiting is not the next test's to send.
  await db.outboxMessage.updateMany({ where: { status: "pending" }, data: { status: "skipped" } });
});

describe("submit_sm", () => {
  it("sends a GSM text with data_coding 0, from the sender name, to the number without '+', and it arrives identical", async () => {
    const to = newNumber();
    const now = new Date();
    const text = `${codeText({ purpose: "sign_in", code: "482915", locale: "en" })} €[]{}~^\\| @£$¥ èéùìò ÄÖÑÜ§¿`;
    const id = await queueSms({ to, text, now });
    expect(await sendMessage({ id, now })).toBe("sent");

    const [sms] = textsTo(to);
    expect(sms).toMatchObject({ text, dataCoding: 0, destination: to.slice(1), destTon: 1, destNpi: 1, from: "MiAccount", sourceTon: 5, registeredDelivery: 0 });
    // The code's end is the SMSC's validity period, to the tenth of a second SMPP carries.
    expect(Math.abs(sms!.validUntil!.getTime() - at(now, CODE_LIFETIME).getTime())).toBeLessThan(100);
    // A sent code leaves no copy in the outbox.
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 1, text: "" });
  });

  it.each(["ar", "zh-CN", "hi", "ru"])("sends the %s code text in UCS-2 (data_coding 8), arriving identical", async (locale) => {
    const to = newNumber();
    const now = new Date();
    const text = codeText({ purpose: "registration", code: "730164", locale });
    expect(await sendMessage({ id: await queueSms({ to, text, now }), now })).toBe("sent");
    expect(textsTo(to)).toEqual([expect.objectContaining({ text, dataCoding: 8 })]);
  });

  it("sends an emoji (a surrogate pair) intact, and a text longer than one SMS whole", async () => {
    const to = newNumber();
    const now = new Date();
    const long = `${"Mi Account ".repeat(20)}😀 ${"码".repeat(80)}`;
    expect(await sendMessage({ id: await queueSms({ to, text: long, now }), now })).toBe("sent");
    expect(textsTo(to)).toEqual([expect.objectContaining({ text: long, dataCoding: 8 })]);
  });

  it("keeps one bound session for many texts", async () => {
    const now = new Date();
    const before = smsc().binds();
    const recipients = Array.from({ length: 5 }, () => newNumber());
    for (const to of recipients) await queueSms({ to, text: "111111 test", now });
    expect(await sendDueMessages({ now })).toMatchObject({ sent: 5 });
    expect(recipients.map((to) => textsTo(to).length)).toEqual([1, 1, 1, 1, 1]);
    expect(smsc().binds() - before).toBeLessThanOrEqual(1);
  });

  it("logs neither the text nor the whole number", async () => {
    const to = newNumber();
    const now = new Date();
    const from = logLines.length;
    expect(await sendMessage({ id: await queueSms({ to, text: "964301 is your code", now }), now })).toBe("sent");
    const lines = logLines.slice(from).join("\n");
    expect(lines).toContain('"event":"sms.sent"');
    expect(lines).not.toContain("964301");
    expect(lines).not.toContain(to.slice(1));
  });
});

describe("nothing lost", () => {
  it("retries a text whose bind was refused, and sends it once the SMSC takes the password again", async () => {
    const to = newNumber();
    const t0 = new Date();
    // The SMSC's password changed under the portal: its binds are refused.
    await closeSmppSession();
    await smsc().stop();
    const strict = await startSmsc({ port: smsc().port, password: "changed" });
    try {
      const id = await queueSms({ to, text: "204816 is your code", now: t0 });
      expect(await sendMessage({ id, now: t0 })).toBe("retrying");
      expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, permanent: false, lastError: expect.stringContaining("ESME_RBINDFAIL") });
      expect(strict.messages()).toEqual([]);
    } finally {
      await strict.close();
    }
    await smsc().start();
    expect(await sendDueMessages({ now: at(t0, 1 * MINUTE) })).toMatchObject({ sent: 1 });
    expect(textsTo(to)).toHaveLength(1);
  });

  it("retries a throttled text, and sends it on a later worker pass", async () => {
    const to = newNumber();
    const t0 = new Date();
    smsc().throttle(2);
    const id = await queueSms({ to, text: "551190 is your code", now: t0 });
    expect(await sendMessage({ id, now: t0 })).toBe("retrying");
    expect(await row(id)).toMatchObject({ status: "pending", permanent: false, lastError: "SMSC refused: ESME_RTHROTTLED (0x58)" });
    expect(await sendDueMessages({ now: at(t0, 1 * MINUTE) })).toMatchObject({ retrying: 1, sent: 0 });
    expect(await sendDueMessages({ now: at(t0, 3 * MINUTE) })).toMatchObject({ sent: 1 });
    expect(smsc().submissions()).toBe(3);
    expect(textsTo(to)).toHaveLength(1);
  });

  it("sends every text queued while the SMSC was down once it is back, each once", async () => {
    const t0 = new Date();
    await smsc().stop();
    const recipients = Array.from({ length: 8 }, () => newNumber());
    for (const to of recipients) await queueSms({ to, text: `${codeText({ purpose: "registration", code: "300500", locale: "en" })}`, now: t0 });
    expect(await sendDueMessages({ now: t0 })).toMatchObject({ retrying: 8, sent: 0 });
    // Still down at the first retry.
    expect(await sendDueMessages({ now: at(t0, 1 * MINUTE) })).toMatchObject({ retrying: 8 });
    await smsc().start();
    expect(await sendDueMessages({ now: at(t0, 3 * MINUTE) })).toMatchObject({ sent: 8 });
    expect(await sendDueMessages({ now: at(t0, 9 * MINUTE) })).toMatchObject({ sent: 0, retrying: 0 });
    expect(recipients.map((to) => textsTo(to).length)).toEqual(recipients.map(() => 1));
  });

  it("binds again after the SMSC dropped the session, and sends the next text once", async () => {
    const t0 = new Date();
    const first = newNumber();
    expect(await sendMessage({ id: await queueSms({ to: first, text: "100001 code", now: t0 }), now: t0 })).toBe("sent");
    const binds = smsc().binds();
    smsc().dropConnections();
    const to = newNumber();
    await queueSms({ to, text: "100002 code", now: t0 });
    // The first try may meet the dropped session before its close is seen; a later pass sends it.
    let sent = 0;
    for (const minutes of [0, 1, 3]) sent += (await sendDueMessages({ now: at(t0, minutes * MINUTE) })).sent;
    expect(sent).toBe(1);
    expect(textsTo(to)).toHaveLength(1);
    expect(smsc().binds()).toBe(binds + 1);
  });

  it("binds again when the SMSC no longer knows the session as bound (ESME_RINVBNDSTS)", async () => {
    const t0 = new Date();
    expect(await sendMessage({ id: await queueSms({ to: newNumber(), text: "200001 code", now: t0 }), now: t0 })).toBe("sent");
    const binds = smsc().binds();
    smsc().forgetBinds();
    const to = newNumber();
    const id = await queueSms({ to, text: "200002 code", now: t0 });
    expect(await sendMessage({ id, now: t0 })).toBe("retrying");
    expect(await row(id)).toMatchObject({ lastError: "SMSC refused: ESME_RINVBNDSTS (0x4)" });
    expect(await sendDueMessages({ now: at(t0, MINUTE) })).toMatchObject({ sent: 1 });
    expect(smsc().binds()).toBe(binds + 1);
    expect(textsTo(to)).toHaveLength(1);
  });

  it("gives up waiting on an SMSC that takes the connection but never answers, and retries later", async () => {
    const to = newNumber();
    const t0 = new Date();
    await closeSmppSession();
    await smsc().stop();
    // Something on the SMSC's port that reads and never answers, as a hung gateway does.
    const mute = createServer((socket) => socket.resume()).listen(smsc().port, "127.0.0.1");
    await once(mute, "listening");
    const heard = new Promise<void>((resolve) => mute.once("connection", (socket) => socket.once("data", () => resolve())));
    try {
      // The clock the transport's timeouts run on, moved by hand once the bind request is out.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const id = await queueSms({ to, text: "313131 is your code", now: t0 });
      const outcome = sendMessage({ id, now: t0 });
      await heard;
      await vi.advanceTimersByTimeAsync(SMPP_TIMEOUT_MS);
      expect(await outcome).toBe("retrying");
      expect(await row(id)).toMatchObject({ status: "pending", permanent: false, lastError: expect.stringContaining("no bind_transmitter answer within 10 s") });
    } finally {
      vi.useRealTimers();
      await new Promise((resolve) => mute.close(resolve));
    }
    await smsc().start();
    expect(await sendDueMessages({ now: at(t0, MINUTE) })).toMatchObject({ sent: 1 });
    expect(textsTo(to)).toHaveLength(1);
  });

  it("never sends a text whose code expired while it waited in the queue", async () => {
    const to = newNumber();
    const t0 = new Date();
    await smsc().stop();
    const id = await queueSms({ to, text: "777000 is your code", now: t0 });
    expect(await sendMessage({ id, now: t0 })).toBe("retrying");
    await smsc().start();
    expect(await sendDueMessages({ now: at(t0, CODE_LIFETIME + SECOND) })).toMatchObject({ expired: 1, sent: 0 });
    expect(await row(id)).toMatchObject({ status: "expired", text: "" });
    expect(await sendDueMessages({ now: at(t0, CODE_LIFETIME + 5 * MINUTE) })).toMatchObject({ sent: 0 });
    expect(smsc().submissions()).toBe(0);
  });

  it("gives up at once on a number the SMSC refuses, and says it was refused", async () => {
    const to = newNumber();
    const now = new Date();
    smsc().refuseNumber(to);
    const id = await queueSms({ to, text: "909090 is your code", now });
    expect(await sendMessage({ id, now })).toBe("dead");
    expect(await row(id)).toMatchObject({ status: "dead", permanent: true, text: "", lastError: "SMSC refused: ESME_RINVDSTADR (0xb)" });
    expect(await messageRefused(id)).toBe(true);
    expect(await sendDueMessages({ now: at(now, 5 * MINUTE) })).toMatchObject({ sent: 0 });
    expect(smsc().submissions()).toBe(1);
  });

  it("does not take a throttled or unreachable text for a refused one", async () => {
    const to = newNumber();
    const now = new Date();
    smsc().throttle(1);
    const id = await queueSms({ to, text: "808080 is your code", now });
    expect(await sendMessage({ id, now })).toBe("retrying");
    expect(await messageRefused(id)).toBe(false);
  });

  it("sends a text exactly once after its sender died holding it (the app killed mid-send)", async () => {
    const to = newNumber();
    const t0 = new Date();
    const id = await queueSms({ to, text: "246810 is your code", now: t0 });
    // A sender claimed it at t0 (a lease of OUTBOX_LEASE_MS) and died before the SMSC heard from it.
    await db.outboxMessage.update({ where: { id }, data: { leaseUntil: at(t0, env.OUTBOX_LEASE_MS) } });
    expect(await sendDueMessages({ now: at(t0, env.OUTBOX_LEASE_MS - SECOND) })).toMatchObject({ sent: 0 });
    expect(smsc().submissions()).toBe(0);
    const later = at(t0, env.OUTBOX_LEASE_MS + SECOND);
    // Two senders (two app instances) find it free at the same moment: one sends it.
    const outcomes = await Promise.all([sendMessage({ id, now: later }), sendMessage({ id, now: later })]);
    expect(outcomes.sort()).toEqual(["busy", "sent"]);
    expect(await sendDueMessages({ now: at(later, 5 * MINUTE) })).toMatchObject({ sent: 0 });
    expect(smsc().submissions()).toBe(1);
    expect(textsTo(to)).toHaveLength(1);
  });
});

describe("the dev phone", () => {
  it("is off, and /dev/sms not found, when SMS_URL is set", async () => {
    const { devPhoneEnabled } = await import("@/lib/server/config/env");
    expect(devPhoneEnabled).toBe(false);
    const page = await import("@/app/dev/sms/page");
    await expect(page.default()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    expect(await page.generateMetadata()).toEqual({});
  });

  it("keeps nothing when texts go to the SMSC", async () => {
    const now = new Date();
    const to = newNumber();
    expect(await sendMessage({ id: await queueSms({ to, text: "135790 code", now }), now })).toBe("sent");
    expect(await db.devSms.count({ where: { to } })).toBe(0);
  });
});
