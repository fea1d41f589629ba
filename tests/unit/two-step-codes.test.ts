import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { groupedSecret, matchTotp, newTotpSecret, otpauthUri, TOTP_STEP_SECONDS } from "@/lib/server/methods/authenticator-app/totp";
import { looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "@/lib/server/methods/recovery-code/recovery-codes";
import { dataHmacs, decryptData, encryptData, keyring } from "@/lib/server/security/data-key";

// The pieces of two-step verification that need no database: TOTP codes and their window, the replay guard's
// step, recovery codes' shape, and the data key's encryption and rotation.

const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("hex");
const STEP_MS = TOTP_STEP_SECONDS * 1000;
// RFC 6238's test secret ("12345678901234567890"), base32, and its SHA-1 test vector at 59 s: 94287082 (8 digits),
// so 287082 for 6.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC's test vector, and tells the step it matched", async () => {
    expect(await codeAt(RFC_SECRET, 59_000)).toBe("287082");
    expect(await matchTotp({ secret: RFC_SECRET, code: "287082", now: new Date(59_000) })).toBe(1);
  });

  it("accepts one step either side of now and no further", async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000 + 5_000;
    const step = Math.floor(now / STEP_MS);
    for (const offset of [-1, 0, 1]) {
      expect(await matchTotp({ secret, code: await codeAt(secret, now + offset * STEP_MS), now: new Date(now) })).toBe(step + offset);
    }
    for (const offset of [-3, -2, 2, 3]) {
      expect(await matchTotp({ secret, code: await codeAt(secret, now + offset * STEP_MS), now: new Date(now) })).toBeNull();
    }
  });

  it("refuses a code of the last accepted step or an earlier one (replay)", async () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000 + 5_000;
    const step = Math.floor(now / STEP_MS);
    const code = await codeAt(secret, now);
    expect(await matchTotp({ secret, code, now: new Date(now), after: step - 1 })).toBe(step);
    expect(await matchTotp({ secret, code, now: new Date(now), after: step })).toBeNull();
    expect(await matchTotp({ secret, code: await codeAt(secret, now - STEP_MS), now: new Date(now), after: step })).toBeNull();
    expect(await matchTotp({ secret, code: await codeAt(secret, now + STEP_MS), now: new Date(now), after: step })).toBe(step + 1);
  });

  it("refuses what is not 6 digits, and another secret's code", async () => {
    const secret = newTotpSecret();
    const now = new Date(1_800_000_000_000);
    for (const code of ["", "12345", "1234567", "12 34 56", "abcdef", "١٢٣٤٥٦"]) expect(await matchTotp({ secret, code, now })).toBeNull();
    const other = newTotpSecret();
    expect(other).not.toBe(secret);
    const theirs = await codeAt(other, now.getTime());
    const ours = await codeAt(secret, now.getTime());
    if (theirs !== ours) expect(await matchTotp({ secret, code: theirs, now })).toBeNull();
  });

  it("makes 160-bit base32 secrets and an otpauth URI apps read", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupedSecret(secret)).toBe(secret.match(/.{4}/g)!.join(" "));
    const uri = new URL(otpauthUri({ secret, label: "1234567890" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Mi Account:1234567890");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Mi Account");
    expect(uri.searchParams.get("period") ?? "30").toBe("30");
  });
});

describe("recovery codes", () => {
  it("ten distinct codes of 10 unambiguous characters, shown as xxxxx-xxxxx", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("reads a code as people type it, and tells it from an app's code", () => {
    expect(normalizeRecoveryCode(" ABCDE-FGHJK ")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode("abcde fghjk")).toBe("abcdefghjk");
    for (const typed of ["123456", "abcde-fghj", "abcde-fghjkm", "abcde-fghj0", "abcde-fghjl", ""]) expect(normalizeRecoveryCode(typed)).toBeNull();
    expect(looksLikeRecoveryCode("23456-789ab")).toBe(true);
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});

describe("the data key", () => {
  it("encrypts with a fresh IV each time and reads back only with the key", () => {
    const ring = keyring({ current: KEY_A });
    const first = encryptData("JBSWY3DPEHPK3PXP", ring);
    const second = encryptData("JBSWY3DPEHPK3PXP", ring);
    expect(first).not.toBe(second);
    expect(first).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptData(first, ring)).toEqual({ plain: "JBSWY3DPEHPK3PXP", stale: false });
    expect(() => decryptData(first, keyring({ current: KEY_B }))).toThrow(/neither DATA_KEY nor in DATA_KEY_PREVIOUS/);
  });

  it("refuses a value whose ciphertext was changed", () => {
    const ring = keyring({ current: KEY_A });
    const [format, id, iv, sealed] = encryptData("secret", ring).split(".");
    const bytes = Buffer.from(sealed!, "base64url");
    bytes[0]! ^= 1;
    expect(() => decryptData([format, id, iv, bytes.toString("base64url")].join("."), ring)).toThrow();
  });

  it("after a rotation reads values of the previous key, says they are stale, and writes new ones under the new key", () => {
    const before = keyring({ current: KEY_A });
    const after = keyring({ current: KEY_B, previous: [KEY_A] });
    const old = encryptData("secret", before);
    expect(decryptData(old, after)).toEqual({ plain: "secret", stale: true });
    const renewed = encryptData("secret", after);
    expect(decryptData(renewed, after)).toEqual({ plain: "secret", stale: false });
    expect(() => decryptData(renewed, before)).toThrow();
  });

  it("HMACs under every known key, the current one first", () => {
    const after = keyring({ current: KEY_B, previous: [KEY_A] });
    const [current, previous] = dataHmacs("abcdefghjk", after);
    expect(dataHmacs("abcdefghjk", keyring({ current: KEY_B }))).toEqual([current]);
    expect(dataHmacs("abcdefghjk", keyring({ current: KEY_A }))).toEqual([previous]);
    expect(current).not.toBe(previous);
  });
});
