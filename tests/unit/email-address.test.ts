import { describe, expect, it } from "vitest";
import { emailSchema } from "@/lib/server/validation/email";
import { EMAIL_MAX_LENGTH, normalizeEmail } from "@/lib/shared/email-address";
import { english, keysOf } from "../support/messages";

const e = keysOf(english.errors, "errors").email;

/** A syntactically valid address of exactly `length` characters. */
function addressOfLength(length: number): string {
  const local = "a".repeat(64);
  const tail = ".com";
  const middle = length - local.length - 1 - tail.length; // what the labels between "@" and ".com" take
  const labels = ["b".repeat(63), "c".repeat(63), "d".repeat(middle - 63 - 63 - 2)];
  const address = `${local}@${labels.join(".")}${tail}`;
  expect(address).toHaveLength(length);
  return address;
}

const firstMessage = (value: unknown) => {
  const result = emailSchema.safeParse(value);
  return result.success ? null : result.error.issues[0]?.message;
};

describe("normalizeEmail", () => {
  it("trims and lower-cases the domain only", () => {
    expect(normalizeEmail("  John.Doe@Example.COM \t")).toBe("John.Doe@example.com");
    expect(normalizeEmail("MiXeD@MiXeD.Org")).toBe("MiXeD@mixed.org");
  });

  it("treats the last @ as the separator", () => {
    expect(normalizeEmail('"A@B"@EXAMPLE.com')).toBe('"A@B"@example.com');
  });

  it("leaves a string without @ trimmed but otherwise alone", () => {
    expect(normalizeEmail("  NoAt.Example.COM ")).toBe("NoAt.Example.COM");
  });
});

describe("emailSchema", () => {
  it("returns the normalised address", () => {
    expect(emailSchema.parse("  Jane.Roe+mi@Mail.Example.COM  ")).toBe("Jane.Roe+mi@mail.example.com");
  });

  it(`accepts ${EMAIL_MAX_LENGTH} characters and refuses ${EMAIL_MAX_LENGTH + 1}`, () => {
    expect(EMAIL_MAX_LENGTH).toBe(254);
    expect(emailSchema.safeParse(addressOfLength(254)).success).toBe(true);
    expect(firstMessage(addressOfLength(255))).toBe(e.tooLong);
    // The limit applies after trimming.
    expect(emailSchema.safeParse(`  ${addressOfLength(254)}  `).success).toBe(true);
  });

  it.each([
    ["CR", "jane\r@example.com"],
    ["LF", "jane\n@example.com"],
    ["CRLF header injection", "jane@example.com\r\nBcc: victim@example.org"],
    ["NUL", "jane\u0000@example.com"],
    ["NUL in the domain", "jane@exam\u0000ple.com"],
  ])("refuses %s", (_name, value) => {
    expect(firstMessage(value)).toBe(e.invalid);
  });

  it.each([
    "plainaddress",
    "@example.com",
    "jane@",
    "jane@example",
    "jane@@example.com",
    "jane doe@example.com",
    "jane..doe@example.com",
    ".jane@example.com",
    "jane@-example.com",
    "jane@example.c",
    "jane@example..com",
    "<jane@example.com>",
    "Jane <jane@example.com>",
  ])("refuses the malformed %j", (value) => {
    expect(firstMessage(value)).toBe(e.invalid);
  });

  it("asks for an address when it is empty, blank or not a string", () => {
    for (const value of ["", "   ", undefined, null, 42]) expect(firstMessage(value), String(value)).toBe(e.required);
  });
});
