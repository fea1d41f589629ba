import { describe, expect, it } from "vitest";
import { fitsGsm7, smsEncoding } from "@/lib/shared/sms-encoding";

// Issue 22, point 5: the coding decides what the SMSC is told (data_coding 0 or 8) and how much one SMS holds.

describe("GSM 7-bit or UCS-2", () => {
  it("keeps a text of the default alphabet in GSM 7-bit, one septet a character", () => {
    const text = "123456 is your Mi Account code. @£$¥ èéùìò ÄÖÑÜ§¿ äöñüà ΔΦΓΛΩΠΨΣΘΞ ¡!?#%&'()*+,-./:;<=>_\n\r";
    expect(smsEncoding(text)).toEqual({ coding: "gsm7", units: [...text].length, segments: 1 });
  });

  it("counts each character of the extension table as two septets", () => {
    for (const char of ["€", "[", "]", "{", "}", "~", "^", "\\", "|", "\f"]) {
      expect(smsEncoding(`a${char}b`), JSON.stringify(char)).toEqual({ coding: "gsm7", units: 4, segments: 1 });
    }
  });

  it("does not take the escape character itself as text", () => {
    expect(fitsGsm7("a\u001bb")).toBe(false);
  });

  it("sends Arabic, Chinese, Hindi, Cyrillic and emoji as UCS-2, counting UTF-16 units", () => {
    expect(smsEncoding("رمزك 123456")).toEqual({ coding: "ucs2", units: 11, segments: 1 });
    expect(smsEncoding("验证码123456")).toEqual({ coding: "ucs2", units: 9, segments: 1 });
    expect(smsEncoding("कोड 123456")).toEqual({ coding: "ucs2", units: 10, segments: 1 });
    expect(smsEncoding("Код 123456")).toEqual({ coding: "ucs2", units: 10, segments: 1 });
    // An emoji outside the BMP is a surrogate pair: two units.
    expect(smsEncoding("ok 😀")).toEqual({ coding: "ucs2", units: 5, segments: 1 });
  });

  it("takes a single character outside the alphabet as reason enough for UCS-2 (ç, â, curly quotes)", () => {
    expect(fitsGsm7("Ça va")).toBe(true);
    for (const text of ["façon", "âge", "it’s", "“quoted”"]) expect(smsEncoding(text).coding, text).toBe("ucs2");
  });
});

describe("segments", () => {
  it("holds 160 septets in one SMS and 153 in each part of a longer one", () => {
    expect(smsEncoding("a".repeat(160)).segments).toBe(1);
    expect(smsEncoding("a".repeat(161)).segments).toBe(2);
    expect(smsEncoding("a".repeat(306)).segments).toBe(2);
    expect(smsEncoding("a".repeat(307)).segments).toBe(3);
  });

  it("holds 70 UTF-16 units in one SMS and 67 in each part of a longer one", () => {
    expect(smsEncoding("码".repeat(70)).segments).toBe(1);
    expect(smsEncoding("码".repeat(71)).segments).toBe(2);
    expect(smsEncoding("码".repeat(134)).segments).toBe(2);
    expect(smsEncoding("码".repeat(135)).segments).toBe(3);
  });

  it("counts extension characters against the 160", () => {
    expect(smsEncoding("€".repeat(80))).toEqual({ coding: "gsm7", units: 160, segments: 1 });
    expect(smsEncoding(`${"€".repeat(80)}a`)).toEqual({ coding: "gsm7", units: 161, segments: 2 });
  });

  it("never splits an extension character or a surrogate pair between parts", () => {
    // 152 septets then "€": the escape would be the 153rd septet and its character the 154th, so "€" opens part 2.
    expect(smsEncoding(`${"a".repeat(152)}€${"a".repeat(152)}`)).toEqual({ coding: "gsm7", units: 306, segments: 3 });
    // 66 units then an emoji (2 units): it moves whole to part 2.
    expect(smsEncoding(`${"码".repeat(66)}😀${"码".repeat(66)}`)).toEqual({ coding: "ucs2", units: 134, segments: 3 });
  });

  it("sends an empty text as one SMS", () => {
    expect(smsEncoding("")).toEqual({ coding: "gsm7", units: 0, segments: 1 });
  });
});
