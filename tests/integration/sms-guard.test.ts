import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/server/config/env";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { admitSms, releaseSms, type SmsVerdict } from "@/lib/server/security/sms-guard";
import { parseMobileNumber, type MobileNumber } from "@/lib/shared/phone-number";
import { logLines } from "../support/integration-context";
import { HOUR, SECOND } from "../support/fixtures";

// SMS pumping's answers (lib/server/security/sms-guard.ts), counted in the real database: a script sending from
// many addresses to many numbers, in sequence and in parallel bursts, gets exactly the caps, never one more.

// Each test starts two days after the last one's clock, so every counter window of this file's database is fresh.
let clock = new Date("2026-12-06T12:00:00Z").getTime();
beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: (clock += 2 * 24 * HOUR) }));
afterEach(() => {
  clock = Math.max(clock, Date.now());
  vi.useRealTimers();
});

let serial = 0;
/** A fresh valid mobile number of `country` (GB: +44 7911 xxxxxx; IN: +91 9811 xxxxxx; CN: +86 13812 xxxxxx). */
function mobile(country: "GB" | "IN" | "CN" = "GB"): MobileNumber {
  serial += 1;
  const tail = String(serial).padStart(6, "0");
  const input = { GB: `+447911${tail}`, IN: `+919811${tail}`, CN: `+8613812${tail}` }[country];
  const parsed = parseMobileNumber({ input });
  if (!parsed.ok) throw new Error(`not a mobile: ${input} (${parsed.problem})`);
  return parsed.number;
}
let addresses = 0;
const newAddress = () => `sms-guard-${process.pid}-${++addresses}`;
const admitted = (verdicts: SmsVerdict[]) => verdicts.filter((verdict) => verdict.ok).length;
const reasons = (verdicts: SmsVerdict[]) => new Set(verdicts.flatMap((verdict) => (verdict.ok ? [] : [verdict.reason])));

describe("SMS guard", () => {
  it("one number: one code a minute, whoever asks, even in a burst from many addresses", async () => {
    const number = mobile();
    const burst = await Promise.all(Array.from({ length: 20 }, () => admitSms({ number, ipGroup: newAddress() })));
    expect(admitted(burst)).toBe(1);
    expect(reasons(burst)).toEqual(new Set(["cooldown"]));
    vi.setSystemTime(Date.now() + 61 * SECOND);
    expect((await admitSms({ number, ipGroup: newAddress() })).ok).toBe(true);
  });

  it(`one number: ${LIMITS.smsPerNumberDaily.points} codes a day, and a refused ask takes no cooldown`, async () => {
    const number = mobile();
    for (let i = 0; i < LIMITS.smsPerNumberDaily.points; i++) {
      expect((await admitSms({ number, ipGroup: newAddress() })).ok).toBe(true);
      vi.setSystemTime(Date.now() + 61 * SECOND);
    }
    expect(await admitSms({ number, ipGroup: newAddress() })).toMatchObject({ ok: false, reason: "number-daily" });
    vi.setSystemTime(Date.now() + 24 * HOUR);
    expect((await admitSms({ number, ipGroup: newAddress() })).ok).toBe(true);
  });

  it(`one address group: ${LIMITS.smsPerIp.points} codes an hour to any numbers, exactly, in a parallel burst; refused numbers stay free`, async () => {
    const ipGroup = newAddress();
    const numbers = Array.from({ length: 40 }, () => mobile());
    const burst = await Promise.all(numbers.map((number) => admitSms({ number, ipGroup })));
    expect(admitted(burst)).toBe(LIMITS.smsPerIp.points);
    expect(reasons(burst)).toEqual(new Set(["address"]));
    // A number refused for the address's cap holds no cooldown: its owner may ask from elsewhere at once.
    const refusedNumber = numbers[burst.findIndex((verdict) => !verdict.ok)]!;
    expect((await admitSms({ number: refusedNumber, ipGroup: newAddress() })).ok).toBe(true);
  });

  it(`one calling code: ${LIMITS.smsPerCallingCode.points} an hour, exactly, from many addresses to many numbers; other countries unaffected`, async () => {
    const cap = LIMITS.smsPerCallingCode.points;
    const asks = Array.from({ length: cap + 40 }, (_, i) => ({ number: mobile("IN"), ipGroup: `calling-${process.pid}-${Math.floor(i / 5)}` }));
    const verdicts: SmsVerdict[] = [];
    for (let i = 0; i < asks.length; i += 30) verdicts.push(...(await Promise.all(asks.slice(i, i + 30).map((ask) => admitSms(ask)))));
    expect(admitted(verdicts)).toBe(cap);
    expect(reasons(verdicts)).toEqual(new Set(["calling-code"]));
    expect((await admitSms({ number: mobile("CN"), ipGroup: newAddress() })).ok).toBe(true);
  }, 60_000);

  it("SMS_HOURLY_MAX: the whole portal's budget holds exactly, stops new texts, logs once, and frees after the hour", async () => {
    const configured = env.SMS_HOURLY_MAX;
    // The budget is read at each ask; a small one keeps this test short.
    env.SMS_HOURLY_MAX = 25;
    try {
      const before = logLines.filter((line) => line.includes("sms.budget-reached")).length;
      const asks = Array.from({ length: 60 }, (_, i) => ({ number: mobile(i % 2 ? "CN" : "GB"), ipGroup: `budget-${process.pid}-${Math.floor(i / 3)}` }));
      const verdicts = await Promise.all(asks.map((ask) => admitSms(ask)));
      expect(admitted(verdicts)).toBe(25);
      expect(reasons(verdicts)).toEqual(new Set(["budget"]));
      expect((await admitSms({ number: mobile("CN"), ipGroup: newAddress() })).ok).toBe(false);
      expect(logLines.filter((line) => line.includes("sms.budget-reached")).length - before).toBe(1);
      vi.setSystemTime(Date.now() + HOUR + SECOND);
      expect((await admitSms({ number: mobile("CN"), ipGroup: newAddress() })).ok).toBe(true);
    } finally {
      env.SMS_HOURLY_MAX = configured;
    }
  }, 60_000);

  it("SMS_COUNTRIES: numbers of other countries are refused before any counter", async () => {
    const configured = env.SMS_COUNTRIES;
    env.SMS_COUNTRIES = ["CN"];
    try {
      const ipGroup = newAddress();
      for (let i = 0; i < LIMITS.smsPerIp.points + 5; i++) expect(await admitSms({ number: mobile("GB"), ipGroup })).toMatchObject({ ok: false, reason: "country" });
      expect((await admitSms({ number: mobile("CN"), ipGroup })).ok).toBe(true);
    } finally {
      env.SMS_COUNTRIES = configured;
    }
  });

  it("releaseSms gives back every place a code that was never queued took", async () => {
    const number = mobile();
    const ipGroup = newAddress();
    expect((await admitSms({ number, ipGroup })).ok).toBe(true);
    await releaseSms({ number, ipGroup });
    expect((await admitSms({ number, ipGroup })).ok).toBe(true);
  });
});
