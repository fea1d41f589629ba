import { describe, expect, it } from "vitest";
import { identifierKind, resolveIdentifier } from "@/lib/shared/sign-in-identifier";

// Issue 22, point 3: the identifier field takes an email, a Mi Account ID or a phone number, told apart in one place.

describe("what the sign-in field holds", () => {
  it("is a Mi Account ID with 10 digits, a phone number when it has a number's characters only, an email otherwise", () => {
    expect(identifierKind(" Jane@Example.com ")).toBe("email");
    expect(identifierKind("1234567890")).toBe("mi-id");
    expect(identifierKind("+86 138 0013 8000")).toBe("phone");
    expect(identifierKind("13800138000")).toBe("phone");
    expect(identifierKind("(138) 0013-8000")).toBe("phone");
    expect(identifierKind("jane")).toBe("email");
    expect(identifierKind("＠")).toBe("email");
    expect(identifierKind("+")).toBe("email");
    expect(identifierKind("138 0013 8000 x")).toBe("email");
  });

  it("reads a phone number international (+, 00) or national in the chosen country, into one E.164 key", () => {
    for (const [typed, country] of [
      ["+86 138 0013 8000", undefined],
      ["0086 138-0013-8000", undefined],
      ["0086 13800138000", "FR"],
      ["138 0013 8000", "CN"],
      ["(138) 0013 8000", "CN"],
    ] as const) {
      expect(resolveIdentifier({ typed, country }), `${typed} in ${country}`).toMatchObject({ kind: "phone", key: "phone:+8613800138000", lookup: { phone: "+8613800138000" } });
    }
  });

  it("keys an unreadable number by what was typed, without separators, and looks nothing up", () => {
    expect(resolveIdentifier({ typed: "138 0013 8000" })).toEqual({ kind: "phone", key: "phone-typed:13800138000", lookup: null, number: null });
    expect(resolveIdentifier({ typed: "+86 (12)" }).key).toBe(resolveIdentifier({ typed: "+8612" }).key);
    expect(resolveIdentifier({ typed: "+86 (12)" })).toMatchObject({ kind: "phone", lookup: null });
  });

  it("keys emails and Mi Account IDs as before", () => {
    expect(resolveIdentifier({ typed: " Jane@Example.COM " })).toEqual({ kind: "email", key: "email:jane@example.com", lookup: { emailKey: "jane@example.com" } });
    expect(resolveIdentifier({ typed: "1234567890" })).toEqual({ kind: "mi-id", key: "mi:1234567890", lookup: { miId: "1234567890" } });
  });
});
