import { describe, expect, it, vi } from "vitest";
import { CAPTCHA_LENGTH, newCaptchaText } from "@/lib/server/security/captcha";
import { CAPTCHA_GLYPHS } from "@/lib/server/security/captcha-glyphs";
import { CAPTCHA_ALPHABET } from "@/lib/shared/captcha-rules";

// Issue 21, point 7: mixed case with look-alike pairs (c/C, s/S, z/Z) made people fail. Each group holds characters
// a person can mistake for one another once drawn (one shape in two sizes, or two similar shapes): at most one of
// each group may be in the alphabet, and the answer stays case-sensitive.
const LOOK_ALIKES = [
  "cC", "kK", "oO0Q", "pP", "sS5", "uU", "vV", "wW", "xX", "yY", "zZ2", "iIl1|jJ", "6G", "6b", "8B", "9gq", "ft", "EF",
];

describe("newCaptchaText", () => {
  it("makes CAPTCHA_LENGTH characters from the alphabet", () => {
    expect(CAPTCHA_LENGTH).toBe(5);
    const allowed = new RegExp(`^[${CAPTCHA_ALPHABET}]{5}$`);
    for (let i = 0; i < 500; i++) expect(newCaptchaText()).toMatch(allowed);
  });

  it("maps the injected random draws onto the alphabet, one draw per character", () => {
    const random = vi.fn((max: number) => max - 1);
    expect(newCaptchaText(random)).toBe(CAPTCHA_ALPHABET.at(-1)!.repeat(5));
    expect(random).toHaveBeenCalledTimes(5);
    expect(random).toHaveBeenCalledWith(CAPTCHA_ALPHABET.length);
    expect(newCaptchaText(() => 0)).toBe(CAPTCHA_ALPHABET[0]!.repeat(5));
  });

  it("can draw every character of the alphabet, and only those", () => {
    const seen = new Set<string>();
    for (let n = 0; n < CAPTCHA_ALPHABET.length; n++) for (const c of newCaptchaText(() => n)) seen.add(c);
    expect([...seen].join("")).toBe(CAPTCHA_ALPHABET);
  });
});

describe("the captcha's alphabet", () => {
  it("holds no two characters a person could mistake for each other", () => {
    for (const group of LOOK_ALIKES) {
      const present = [...group].filter((c) => CAPTCHA_ALPHABET.includes(c));
      expect(present.length, `${group}: ${present.join(", ")}`).toBeLessThanOrEqual(1);
    }
  });

  it("keeps both cases of letters whose cases differ in shape, so the answer stays case-sensitive", () => {
    expect(CAPTCHA_ALPHABET).toMatch(/[A-Z]/);
    expect(CAPTCHA_ALPHABET).toMatch(/[a-z]/);
    expect(new Set(CAPTCHA_ALPHABET).size).toBe(CAPTCHA_ALPHABET.length);
    // 5 characters from it still make millions of codes.
    expect(CAPTCHA_ALPHABET.length ** CAPTCHA_LENGTH).toBeGreaterThan(10_000_000);
  });

  it("has a drawn outline for every character, and none left over", () => {
    expect(Object.keys(CAPTCHA_GLYPHS).sort()).toEqual([...CAPTCHA_ALPHABET].sort());
  });
});
