import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/config/env";
import { smscAddress } from "@/lib/server/courier/smpp/session";
import { numberRefused, statusName } from "@/lib/server/courier/smpp/status";
import { maskedNumber } from "@/lib/server/courier/sms-transport";

// The SMS gateway's settings and the reading of an SMSC's answers (issue 22, point 5).

describe("SMS_URL and SMS_FROM", () => {
  it("send as MiAccount unless told otherwise", () => {
    expect(parseEnv({}).SMS_FROM).toBe("MiAccount");
    expect(parseEnv({ SMS_FROM: "Xiaomi" }).SMS_FROM).toBe("Xiaomi");
    expect(parseEnv({ SMS_FROM: "+447700900123" }).SMS_FROM).toBe("+447700900123");
  });

  it("refuse a sender name phones cannot show (over 11 characters, or not letters and digits)", () => {
    for (const value of ["MiAccountPortal", "Mi-Account", "Mí", "+12"]) expect(() => parseEnv({ SMS_FROM: value }), value).toThrow(/SMS_FROM/);
  });

  it("take the SMSC's address and credentials from the URL, percent-decoded", () => {
    expect(smscAddress("smpp://mi%2Dportal:p%40ss%3Aword@smsc.example:2775")).toEqual({ host: "smsc.example", port: 2775, systemId: "mi-portal", password: "p@ss:word" });
    expect(() => parseEnv({ SMS_URL: "smpp://smsc.example:2775" })).toThrow(/SMS_URL/);
  });
});

describe("an SMSC's answer", () => {
  it("is final only when it refuses the number itself", () => {
    for (const status of [0x0b, 0x50, 0x51]) expect(numberRefused(status), statusName(status)).toBe(true);
    // Throttled, queue full, system error, bind failure, submit failure, unknown: worth another try.
    for (const status of [0x58, 0x14, 0x08, 0x0d, 0x45, 0xff, 0x04]) expect(numberRefused(status), statusName(status)).toBe(false);
  });

  it("reads as its name and code", () => {
    expect(statusName(0x58)).toBe("ESME_RTHROTTLED (0x58)");
    expect(statusName(0x4242)).toBe("unknown status (0x4242)");
  });
});

describe("a number in the log", () => {
  it("keeps the country's first digits and the last two only", () => {
    expect(maskedNumber("+447700900123")).toBe("+44…23");
    expect(maskedNumber("+8613812345678")).toBe("+86…78");
  });
});
