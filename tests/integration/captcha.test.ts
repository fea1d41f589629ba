import { describe, expect, it } from "vitest";
import { checkCaptcha, issueCaptcha } from "@/lib/server/security/captcha";
import { db } from "@/lib/server/db/client";
import { newSecret, hashSecret } from "@/lib/server/security/secrets";
import { CAPTCHA_ALPHABET } from "@/lib/shared/captcha-rules";
import { at, MINUTE, SECOND } from "../support/fixtures";

// CAPTCHA_TEST_CODE is unset here (setup.ts), so answers are random: read them where a person reads the
// image's text from, the server's own row for the captchaId.
async function answerFor(captchaId: string): Promise<string> {
  return (await db.captcha.findUniqueOrThrow({ where: { idHash: hashSecret(captchaId) } })).answer;
}

const swapCase = (text: string) =>
  [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

describe("captcha", () => {
  it("issues a PNG image and stores only the captchaId's hash with a 5-character answer", async () => {
    const captchaId = newSecret();
    const png = await issueCaptcha(captchaId);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const answer = await answerFor(captchaId);
    expect(answer).toMatch(new RegExp(`^[${CAPTCHA_ALPHABET}]{5}$`));
    expect(png.toString("latin1")).not.toContain(answer); // pixels only: no text, no glyph paths
    expect(await db.captcha.count({ where: { idHash: captchaId } })).toBe(0);
  });

  it("passes the right answer once only", async () => {
    const captchaId = newSecret();
    await issueCaptcha(captchaId);
    const answer = await answerFor(captchaId);
    expect(await checkCaptcha({ captchaId, answer, now: new Date() })).toBe(true);
    expect(await checkCaptcha({ captchaId, answer, now: new Date() })).toBe(false);
  });

  it("is used up by a wrong answer too", async () => {
    const captchaId = newSecret();
    await issueCaptcha(captchaId);
    const answer = await answerFor(captchaId);
    expect(await checkCaptcha({ captchaId, answer: answer === "AAAAA" ? "BBBBB" : "AAAAA", now: new Date() })).toBe(false);
    expect(await checkCaptcha({ captchaId, answer, now: new Date() })).toBe(false);
  });

  it("is case-sensitive", async () => {
    const captchaId = newSecret();
    let answer = "";
    // An all-digit answer has no other case; draw again (rare: (8/55)^5).
    for (let i = 0; i < 20 && swapCase(answer) === answer; i++) {
      await issueCaptcha(captchaId);
      answer = await answerFor(captchaId);
    }
    expect(await checkCaptcha({ captchaId, answer: swapCase(answer), now: new Date() })).toBe(false);
  });

  it("replaces the captchaId's earlier captcha when a new one is issued", async () => {
    const captchaId = newSecret();
    await issueCaptcha(captchaId);
    const first = await answerFor(captchaId);
    let second = first;
    for (let i = 0; i < 20 && second === first; i++) {
      await issueCaptcha(captchaId);
      second = await answerFor(captchaId);
    }
    expect(await db.captcha.count({ where: { idHash: hashSecret(captchaId) } })).toBe(1);
    expect(await checkCaptcha({ captchaId, answer: first, now: new Date() })).toBe(false);
  });

  it("expires five minutes after it was issued", async () => {
    const t0 = new Date();
    const live = newSecret();
    await issueCaptcha(live, t0);
    expect(await checkCaptcha({ captchaId: live, answer: await answerFor(live), now: at(t0, 5 * MINUTE - SECOND) })).toBe(true);

    const stale = newSecret();
    await issueCaptcha(stale, t0);
    expect(await checkCaptcha({ captchaId: stale, answer: await answerFor(stale), now: at(t0, 5 * MINUTE) })).toBe(false);
  });

  it("fails without a captchaId, or for a captchaId that never had a captcha", async () => {
    const captchaId = newSecret();
    await issueCaptcha(captchaId);
    const answer = await answerFor(captchaId);
    expect(await checkCaptcha({ captchaId: undefined, answer, now: new Date() })).toBe(false);
    expect(await checkCaptcha({ captchaId: "", answer, now: new Date() })).toBe(false);
    expect(await checkCaptcha({ captchaId: newSecret(), answer, now: new Date() })).toBe(false);
    // …and those failed checks did not use up the real captchaId's captcha.
    expect(await checkCaptcha({ captchaId, answer, now: new Date() })).toBe(true);
  });

  it("sweeps expired captchas of other slots when issuing", async () => {
    const t0 = new Date();
    const old = newSecret();
    await issueCaptcha(old, t0);
    await issueCaptcha(newSecret(), at(t0, 6 * MINUTE));
    expect(await db.captcha.count({ where: { idHash: hashSecret(old) } })).toBe(0);
  });
});
