import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS, commonPasswordSuffixes } from "@/lib/server/validation/common-passwords";
import { commonPasswordCheckApplies, commonPasswordHash, passwordChecklist } from "@/lib/shared/password-rules";
import { sha1Hex } from "@/lib/shared/sha1";

// Issue 21, point 11: the checklist's "not a commonly used password" line, asked by hash prefix.
describe("the browser's SHA-1", () => {
  it("matches node's for any text, padding edge lengths included", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const text = "x".repeat(length);
      expect(sha1Hex(text), `length ${length}`).toBe(createHash("sha1").update(text).digest("hex").toUpperCase());
    }
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(sha1Hex(text)).toBe(createHash("sha1").update(text, "utf8").digest("hex").toUpperCase());
      }),
    );
  });
});

describe("the common-password buckets", () => {
  it("hold every entry of the list under its prefix, whatever the letter case typed", () => {
    for (const password of ["password123", "PassWord123", "Qwerty123"]) {
      const { prefix, suffix } = commonPasswordHash(password);
      expect(commonPasswordSuffixes(prefix), password).toContain(suffix);
    }
    for (const entry of COMMON_PASSWORDS) {
      const { prefix, suffix } = commonPasswordHash(entry);
      expect(commonPasswordSuffixes(prefix)).toContain(suffix);
    }
  });

  it("do not hold a password off the list", () => {
    const { prefix, suffix } = commonPasswordHash("Orange-7391");
    expect(commonPasswordSuffixes(prefix)).not.toContain(suffix);
  });

  it("are asked about only once the password has the rule's shape", () => {
    expect(commonPasswordCheckApplies("passwor")).toBe(false);
    expect(commonPasswordCheckApplies("password123")).toBe(true);
    expect(commonPasswordCheckApplies("pässword123")).toBe(false);
  });
});

describe("the checklist", () => {
  it("ticks every line for password123 but the common one, which waits for the server's verdict", () => {
    const typed = { password: "password123", confirmation: "password123" };
    expect(passwordChecklist(typed)).toMatchObject({ length: true, kinds: true, match: true, notCommon: false });
    expect(passwordChecklist({ ...typed, notCommon: false }).notCommon).toBe(false);
    expect(passwordChecklist({ password: "Orange-7391", confirmation: "", notCommon: true }).notCommon).toBe(true);
    expect(passwordChecklist({ password: "", confirmation: "", notCommon: true }).notCommon).toBe(false);
  });
});
