import { describe, expect, it } from "vitest";
import type { CodePurpose } from "@/lib/server/db/types";
import { codeText } from "@/lib/server/methods/code/sms-text";
import { LOCALES } from "@/lib/shared/i18n/locales";
import { SEGMENT_UNITS, smsEncoding } from "@/lib/shared/sms-encoding";

// Issue 22, point 6: every language's code texts fit in one SMS, start with the code, name the portal, and hold
// no link. A text one character too long is sent as two SMS (charged twice, and some phones show them apart).

const PURPOSES: CodePurpose[] = ["registration", "sign_in", "recovery", "binding"];
const CODE = "123456";

/** The portal's name as each language's texts write it (the catalogue's brand.name, in French its lower case). */
const PORTAL_NAME: Record<(typeof LOCALES)[number], string> = {
  en: "Mi Account",
  es: "Cuenta Mi",
  fr: "compte Mi",
  id: "Akun Mi",
  ru: "Mi аккаунт",
  hi: "Mi अकाउंट",
  ar: "حساب Mi",
  "zh-CN": "小米账号",
};

describe.each(LOCALES)("the code texts in %s", (locale) => {
  it.each(PURPOSES)("%s: one SMS, the code first, the portal named, no link", (purpose) => {
    const text = codeText({ purpose, code: CODE, locale });
    const { coding, units, segments } = smsEncoding(text);
    expect({ segments, fits: units <= SEGMENT_UNITS[coding].single }, `${coding}, ${units} units: ${text}`).toEqual({ segments: 1, fits: true });
    expect(text.startsWith(`${CODE}`), text).toBe(true);
    expect(text.slice(CODE.length), "the code is followed by a non-digit").toMatch(/^\D/);
    expect(text, "names the portal").toContain(PORTAL_NAME[locale]);
    expect(text, "no link").not.toMatch(/https?:|www\.|\.(com|net|org)\b/i);
    expect(text, "no ICU left unformatted").not.toMatch(/[{}#]/);
    expect(text, "states the lifetime").toContain("10");
  });

  it("says something different for each purpose", () => {
    const texts = PURPOSES.map((purpose) => codeText({ purpose, code: CODE, locale }));
    expect(new Set(texts).size).toBe(PURPOSES.length);
  });
});

describe("codeText", () => {
  it("writes in the account's language, and in the default one for a language the portal does not have", () => {
    expect(codeText({ purpose: "sign_in", code: "654321", locale: "en" })).toBe("654321 is your Mi Account sign-in code. It expires in 10 minutes. Never share it.");
    expect(codeText({ purpose: "sign_in", code: "654321", locale: "xx" })).toBe(codeText({ purpose: "sign_in", code: "654321", locale: "en" }));
    expect(codeText({ purpose: "registration", code: "654321", locale: "zh-CN" })).toBe("654321是你的小米账号注册验证码，10分钟内有效。请勿告诉他人。");
  });

  it("keeps the GSM languages in the GSM alphabet, so they get 160 characters rather than 70", () => {
    for (const locale of ["en", "es", "fr", "id"]) {
      for (const purpose of PURPOSES) expect(smsEncoding(codeText({ purpose, code: CODE, locale })).coding, `${locale} ${purpose}`).toBe("gsm7");
    }
  });

  it("states another lifetime when told, in the language's plural", () => {
    expect(codeText({ purpose: "recovery", code: CODE, locale: "en", minutes: 1 })).toContain("It expires in 1 minute.");
    expect(codeText({ purpose: "recovery", code: CODE, locale: "ar", minutes: 2 })).toContain("دقيقتين");
  });
});
