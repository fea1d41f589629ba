import { describe, expect, it } from "vitest";
import { hashSecret, isSecretShaped, newSecret } from "@/lib/server/security/secrets";

describe("newSecret", () => {
  it("is 43 base64url characters (32 bytes) and never repeats", () => {
    const secrets = Array.from({ length: 500 }, () => newSecret());
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});

describe("hashSecret", () => {
  it("is SHA-256 in lower-case hex (FIPS 180-2 test vectors)", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashSecret("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("is stable for a secret and differs between secrets", () => {
    const secret = newSecret();
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toBe(hashSecret(newSecret()));
    expect(hashSecret(secret)).not.toContain(secret);
  });

  it("hashes the UTF-8 bytes", () => {
    // SHA-256("é") over its two UTF-8 bytes C3 A9.
    expect(hashSecret("é")).toBe(hashSecret(Buffer.from([0xc3, 0xa9]).toString("utf8")));
    expect(hashSecret("é")).not.toBe(hashSecret("e"));
  });
});

describe("isSecretShaped", () => {
  it("accepts what newSecret makes", () => {
    for (let i = 0; i < 100; i++) expect(isSecretShaped(newSecret())).toBe(true);
  });

  it.each([
    ["42 characters", "A".repeat(42)],
    ["44 characters", "A".repeat(44)],
    ["standard base64 +", "+".repeat(43)],
    ["standard base64 /", "/".repeat(43)],
    ["padding", "A".repeat(42) + "="],
    ["a space", " " + "A".repeat(42)],
    ["a newline after", "A".repeat(43) + "\n"],
    ["empty", ""],
  ])("refuses %s", (_name, value) => {
    expect(isSecretShaped(value)).toBe(false);
  });

  it.each([undefined, null, 43, {}, ["A".repeat(43)]])("refuses the non-string %j", (value) => {
    expect(isSecretShaped(value)).toBe(false);
  });
});
