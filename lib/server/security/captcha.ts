import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { storableText } from "@/lib/server/db/text";
import { env } from "@/lib/server/config/env";
import { hashSecret } from "@/lib/server/security/secrets";
import { captchaPng } from "./captcha-image";

import { CAPTCHA_ALPHABET, CAPTCHA_LENGTH, CAPTCHA_LIFETIME_MS } from "@/lib/shared/captcha-rules";

// Five case-sensitive characters, alive for five minutes, checked once and then gone (right or wrong).
// The answer lives only in the database, keyed by the hash of a per-browser id (an HttpOnly cookie).
export { CAPTCHA_LENGTH, CAPTCHA_LIFETIME_MS };
export function newCaptchaText(random: (max: number) => number = randomInt): string {
  let text = "";
  for (let i = 0; i < CAPTCHA_LENGTH; i++) text += CAPTCHA_ALPHABET[random(CAPTCHA_ALPHABET.length)];
  return text;
}

/** Makes a new captcha for this browser, replacing any earlier one, and returns its picture (PNG). */
export async function issueCaptcha(captchaId: string, now = new Date()): Promise<Buffer> {
  const answer = env.CAPTCHA_TEST_CODE ?? newCaptchaText();
  const idHash = hashSecret(captchaId);
  const expiresAt = new Date(now.getTime() + CAPTCHA_LIFETIME_MS);
  await db.captcha.upsert({
    where: { idHash },
    create: { idHash, answer, expiresAt },
    update: { answer, expiresAt },
  });
  await db.captcha.deleteMany({ where: { expiresAt: { lt: now } } });
  return captchaPng(answer);
}

/** True once for the right answer; any check, right or wrong, uses the captcha up. */
export async function checkCaptcha({ captchaId, answer: typed, now }: { captchaId: string | undefined; answer: string; now: Date }): Promise<boolean> {
  if (!captchaId) return false;
  const answer = storableText(typed); // a lone surrogate or a NUL could not be sent to the database
  const idHash = hashSecret(captchaId);
  // A conditional delete is the check: two racing submissions cannot both pass.
  const matched = await db.captcha.deleteMany({ where: { idHash, answer, expiresAt: { gt: now } } });
  if (matched.count === 1) return true;
  await db.captcha.deleteMany({ where: { idHash } });
  return false;
}
