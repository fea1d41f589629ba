import { describe, expect, it } from "vitest";
import { signInCaptchaShown } from "@/lib/server/flows/login/throttle";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { activationTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { ACTIVATION_SUBJECT, newAccount, newEmail, OTHER_PASSWORD, PASSWORD, registerActive, solvedCaptchaAndWork } from "../support/fixtures";
import { consumeActivationToken, saveRegistrationDraft, signIn, submitRegistration } from "../support/flows";

// Issue 21, point 9: a household or an office is one address group. Twenty people behind it can each register and
// each sign in within the hour, solving one captcha each at most, whatever the others do; a bot behind one address
// still meets a cap.

let addresses = 0;
const newAddress = () => `100.64.${++addresses}.1-${process.pid}`;


/** Step 1 and step 2 in one's own browser: one captcha, as step 2 always shows one. */
async function signUp(email: string, ipGroup: string) {
  const draftId = await saveRegistrationDraft(undefined, { email, country: "GB", wantsOffers: false });
  return { draftId, submitted: await submitRegistration(draftId, { password: PASSWORD, ipGroup, ...(await solvedCaptchaAndWork()) }) };
}

/** One person: signs up, then presses the link in the same browser. */
async function registerAndActivate(email: string, ipGroup: string) {
  const { draftId, submitted } = await signUp(email, ipGroup);
  if (!submitted.ok) return submitted;
  const token = activationTokenFromMail(await inbox().waitForMail(email, { subject: ACTIVATION_SUBJECT }));
  const activated = await consumeActivationToken(token, undefined, { ipGroup }, { draftId });
  expect(activated).toMatchObject({ ok: true });
  return submitted;
}

/**
 * Signs in as a person at the page does: the captcha is there when the page shows it (before the first submit),
 * and answered then. Returns the answer and the captchas solved.
 */
async function signInAtThePage(identifier: string, password: string, ipGroup: string) {
  const shown = await signInCaptchaShown({ ipGroup, now: new Date() });
  const result = await signIn({ identifier, password, ipGroup, ...(shown ? await solvedCaptchaAndWork() : {}) });
  return { result, captchas: shown ? 1 : 0 };
}

describe("twenty people behind one address", () => {
  it("each register, one captcha each, within minutes of each other", async () => {
    const office = newAddress();
    for (let person = 1; person <= 20; person++) {
      expect(await registerAndActivate(newEmail(`colleague${person}`), office), `person ${person}`).toMatchObject({ ok: true });
    }
  }, 120_000);

  it("each sign in with one captcha at most, though each mistyped a password first and one keeps getting it wrong", async () => {
    const office = newAddress();
    const people = Array.from({ length: 21 }, (_, i) => newEmail(`household${i + 1}`));
    // Registered elsewhere (registerActive: the registration's own test is above); only sign-in happens here.
    for (const email of people) await registerActive(newAccount({ email }));
    const [forgetful, ...others] = people as [string, ...string[]];
    // One person tries a dozen wrong passwords: their own identifier pauses; the address asks everyone for a captcha.
    for (let i = 0; i < 12; i++) await signInAtThePage(forgetful, OTHER_PASSWORD, office);
    expect(await signInCaptchaShown({ ipGroup: office, now: new Date() })).toBe(true);
    for (const email of others) {
      expect((await signInAtThePage(email, `${PASSWORD}x`, office)).result, email).toMatchObject({ ok: false, reason: "invalid" });
      const { result, captchas } = await signInAtThePage(email, PASSWORD, office);
      expect(result, email).toMatchObject({ ok: true });
      expect(captchas).toBeLessThanOrEqual(1);
    }
  }, 180_000);
});

describe("a bot behind one address", () => {
  it("registers no more than the address's hourly cap, captchas solved or not", async () => {
    const address = newAddress();
    const cap = LIMITS.registrationPerIp;
    expect(cap.durationSec).toBeGreaterThanOrEqual(60 * 60);
    let made = 0;
    for (let i = 0; i < cap.points + 1; i++) if ((await signUp(newEmail("bot"), address)).submitted.ok) made++;
    expect(made).toBe(cap.points);
  }, 120_000);
});
