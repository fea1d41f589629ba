import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "@/lib/server/validation/common-passwords";
import { passwordProblems } from "@/lib/server/validation/password";
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordKinds } from "@/lib/shared/password-rules";

const EMAIL = "walter.white@example.com";

describe("checkPassword", () => {
  it.each([
    // [password, problems]
    ["abcde12", ["length"]], // 7
    ["abcdef12", []], // 8
    ["abcdefghijklmn12", []], // 16
    ["abcdefghijklmno12", ["length"]], // 17
    ["", ["length", "kinds"]],
  ])("length: %j → %j", (password, problems) => {
    expect(passwordProblems(password, EMAIL)).toEqual(problems);
  });

  it("keeps the portal's 8–16 limits", () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 16]);
  });

  it.each([
    ["abcdefgh", ["kinds"]], // letters only
    ["ABCDefgh", ["kinds"]], // upper and lower case are one kind
    ["47291836", ["kinds"]], // digits only
    ["!@#$%^&*", ["kinds"]], // symbols only
    ["abcd4729", []], // letters + digits
    ["abcd!@#$", []], // letters + symbols
    ["4729!@#$", []], // digits + symbols
    ["ab12!@#$", []], // all three
  ])("kinds: %j → %j", (password, problems) => {
    expect(passwordProblems(password, EMAIL)).toEqual(problems);
  });

  it("counts every printable ASCII symbol as a symbol", () => {
    const symbols = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"];
    expect(symbols).toHaveLength(32);
    for (const symbol of symbols) {
      expect(passwordKinds(`abcdefg${symbol}`), symbol).toBe(2);
      expect(passwordProblems(`abcdefg${symbol}`, EMAIL), symbol).toEqual([]);
    }
  });

  it.each([
    "abc def12", // space
    "abcdef12\t", // tab
    "pässword12", // non-ASCII letter
    "abcdef12€", // non-ASCII symbol
    "abcdéfgh", // non-ASCII only: "characters", not also "kinds"
    "abcdef12\u0000",
    "ａｂｃｄ1234", // full-width letters
  ])("refuses characters outside printable ASCII: %j", (password) => {
    expect(passwordProblems(password, EMAIL)).toEqual(["characters"]);
  });

  it("refuses the email's local part as the password, in any case", () => {
    expect(passwordProblems("Walter.White", EMAIL)).toEqual(["containsEmail"]);
    expect(passwordProblems("WALTER.WHITE", EMAIL)).toEqual(["containsEmail"]);
    // The domain part is not the local part.
    expect(passwordProblems("example.com1", EMAIL)).toEqual([]);
  });

  it("refuses a password containing the local part (3+ characters)", () => {
    expect(passwordProblems("xwalter.white9", EMAIL)).toEqual(["containsEmail"]);
    expect(passwordProblems("bob12345", "bob@example.com")).toEqual(["containsEmail"]);
    expect(passwordProblems("12BOB!!!", "Bob@example.com")).toEqual(["containsEmail"]);
    // The last "@" ends the local part.
    expect(passwordProblems("xyz\"a@b\"1", "\"a@b\"@example.com")).toEqual(["containsEmail"]);
  });

  it("allows a short (1–2 character) local part inside the password, but not as the whole password", () => {
    expect(passwordProblems("al123456", "al@example.com")).toEqual([]);
    expect(passwordProblems("x1234567", "x@example.com")).toEqual([]);
    expect(passwordProblems("al", "al@example.com")).toContain("containsEmail");
  });

  it("ignores the email rule when there is no usable email", () => {
    expect(passwordProblems("walter.white1")).toEqual([]);
    expect(passwordProblems("walter.white1", "walter.white")).toEqual([]); // no "@"
    expect(passwordProblems("walter.white1", "@example.com")).toEqual([]); // empty local part
  });

  it.each(["password1", "Password1", "PASSWORD1", "QWERTY123", "1qaz2wsx", "P@ssw0rd"])(
    "refuses the common password %j whatever its case",
    (password) => {
      expect(passwordProblems(password, EMAIL)).toEqual(["common"]);
    },
  );

  it("refuses every entry of the common list, which must be lower-cased to ever match", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(50);
    for (const entry of COMMON_PASSWORDS) {
      expect(entry, entry).toBe(entry.toLowerCase());
      expect(passwordProblems(entry.toUpperCase()), entry).toContain("common");
    }
  });

  it("reports every problem at once", () => {
    expect(passwordProblems("walter", "walter@example.com")).toEqual(["length", "kinds", "containsEmail"]);
  });
});

describe("checkPassword (the browser-safe part)", () => {
  it("agrees with the server's rule on everything but the common list", () => {
    for (const [password, email] of [["walter", "walter@example.com"], ["Password1", ""], ["abc def1", ""], ["ab1!ab1!", "x@y.z"]] as const) {
      expect(checkPassword(password, email)).toEqual(passwordProblems(password, email).filter((p) => p !== "common"));
    }
    expect(checkPassword("password1")).toEqual([]);
  });
});
