import { describe, expect, it, vi } from "vitest";
import { CAPTCHA_LENGTH, newCaptchaText } from "@/lib/server/security/captcha";

// Letters that look alike in the distorted font are not used: 0/O/o, 1/l/I (and i).
const ALLOWED = /^[A-HJ-NP-Za-hjkmnp-z2-9]+$/;

describe("newCaptchaText", () => {
  it("makes CAPTCHA_LENGTH characters from the unambiguous alphabet", () => {
    expect(CAPTCHA_LENGTH).toBe(5);
    for (let i = 0; i < 500; i++) {
      const text = newCaptchaText();
      expect(text).toHaveLength(5);
      expect(text).toMatch(ALLOWED);
    }
  });

  it("maps the injected random draws onto the alphabet, one draw per character", () => {
    const random = vi.fn((max: number) => max - 1);
    expect(newCaptchaText(random)).toBe("99999");
    expect(random).toHaveBeenCalledTimes(5);
    expect(random).toHaveBeenCalledWith(55);
    expect(newCaptchaText(() => 0)).toBe("AAAAA");
  });

  it("uses exactly the 55 allowed characters", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 55; n++) for (const c of newCaptchaText(() => n)) seen.add(c);
    const alphabet = [...seen].sort().join("");
    expect(alphabet).toHaveLength(55);
    expect(alphabet).toMatch(ALLOWED);
    for (const ambiguous of ["0", "O", "o", "1", "l", "I", "i"]) expect(alphabet).not.toContain(ambiguous);
  });

  it("follows the sequence of draws: upper case, then lower case, then digits", () => {
    const draws = [0, 1, 23, 24, 54];
    expect(newCaptchaText(() => draws.shift() ?? 0)).toBe("ABZa9");
  });
});
