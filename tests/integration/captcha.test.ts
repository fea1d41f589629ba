import { describe, expect, it } from "vitest";
import { checkCaptcha, issueCaptcha } from "@/lib/server/security/captcha";
import { db } from "@/lib/server/db/client";
import { newSecret, hashSecret } from "@/lib/server/security/secrets";
import { at, MINUTE, SECOND } from "../support/fixtures";

// CAPTCHA_TEST_CODE is unset here (setup.ts), so answers are random: read them where a person reads the
// image's text from, the server's own row for the slot.
async function answerFor(slot: string): Promise<string> {
  return (await db.captcha.findUniqueOrThrow({ where: { slotHash: hashSecret(slot) } })).answer;
}

const swapCase = (text: string) =>
  [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

describe("captcha", () => {
  it("issues a PNG image and stores only the slot's hash with a 5-character answer", async () => {
    const slot = newSecret();
    const png = await issueCaptcha(slot);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const answer = await answerFor(slot);
    expect(answer).toMatch(/^[A-HJ-NP-Za-hjkmnp-z2-9]{5}$/);
    expect(png.toString("latin1")).not.toContain(answer); // pixels only: no text, no glyph paths
    expect(await db.captcha.count({ where: { slotHash: slot } })).toBe(0);
  });

  it("passes the right answer once only", async () => {
    const slot = newSecret();
    await issueCaptcha(slot);
    const answer = await answerFor(slot);
    expect(await checkCaptcha(slot, answer)).toBe(true);
    expect(await checkCaptcha(slot, answer)).toBe(false);
  });

  it("is used up by a wrong answer too", async () => {
    const slot = newSecret();
    await issueCaptcha(slot);
    const answer = await answerFor(slot);
    expect(await checkCaptcha(slot, answer === "AAAAA" ? "BBBBB" : "AAAAA")).toBe(false);
    expect(await checkCaptcha(slot, answer)).toBe(false);
  });

  it("is case-sensitive", async () => {
    const slot = newSecret();
    let answer = "";
    // An all-digit answer has no other case; draw again (rare: (8/55)^5).
    for (let i = 0; i < 20 && swapCase(answer) === answer; i++) {
      await issueCaptcha(slot);
      answer = await answerFor(slot);
    }
    expect(await checkCaptcha(slot, swapCase(answer))).toBe(false);
  });

  it("replaces the slot's earlier captcha when a new one is issued", async () => {
    const slot = newSecret();
    await issueCaptcha(slot);
    const first = await answerFor(slot);
    let second = first;
    for (let i = 0; i < 20 && second === first; i++) {
      await issueCaptcha(slot);
      second = await answerFor(slot);
    }
    expect(await db.captcha.count({ where: { slotHash: hashSecret(slot) } })).toBe(1);
    expect(await checkCaptcha(slot, first)).toBe(false);
  });

  it("expires five minutes after it was issued", async () => {
    const t0 = new Date();
    const live = newSecret();
    await issueCaptcha(live, t0);
    expect(await checkCaptcha(live, await answerFor(live), at(t0, 5 * MINUTE - SECOND))).toBe(true);

    const stale = newSecret();
    await issueCaptcha(stale, t0);
    expect(await checkCaptcha(stale, await answerFor(stale), at(t0, 5 * MINUTE))).toBe(false);
  });

  it("fails without a slot, or for a slot that never had a captcha", async () => {
    const slot = newSecret();
    await issueCaptcha(slot);
    const answer = await answerFor(slot);
    expect(await checkCaptcha(undefined, answer)).toBe(false);
    expect(await checkCaptcha("", answer)).toBe(false);
    expect(await checkCaptcha(newSecret(), answer)).toBe(false);
    // …and those failed checks did not use up the real slot's captcha.
    expect(await checkCaptcha(slot, answer)).toBe(true);
  });

  it("sweeps expired captchas of other slots when issuing", async () => {
    const t0 = new Date();
    const old = newSecret();
    await issueCaptcha(old, t0);
    await issueCaptcha(newSecret(), at(t0, 6 * MINUTE));
    expect(await db.captcha.count({ where: { slotHash: hashSecret(old) } })).toBe(0);
  });
});
