import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { SIGN_IN_LIMITS } from "@/lib/server/flows/login/throttle";
import { consumeLimit, countAttempt, LIMITS } from "@/lib/server/security/rate-limit";
import { issueProofOfWork } from "@/lib/server/security/proof-of-work";
import { newSecret } from "@/lib/server/security/secrets";
import { solveProofOfWork } from "@/lib/shared/proof-of-work";
import { type SignInAttempt } from "@/lib/server/flows/login/sign-in";
import { MINUTE, newAccount, newEmail, OTHER_PASSWORD, PASSWORD, registerActive, registerPending, SECOND, solvedCaptcha } from "../support/fixtures";
import { resendActivation, saveRegistrationDraft, signIn, submitRegistration } from "../support/flows";

// The counters read the clock themselves (new Date()), so these tests move the system time, not `now`.
beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-25T12:00:00Z") }));
afterEach(() => vi.useRealTimers());

let ipCounter = 0;
const newIp = () => `203.0.113.${++ipCounter}`;

/** A captcha as a browser with JavaScript answers it: the image's code (read from the database here), and
 * the proof of work the page solves in the background. */
async function solvedCaptchaAndWork(withWork = true) {
  return { ...(await solvedCaptcha()), ...(withWork ? await solvedWork(false) : {}) };
}

/** The work with its secret counter at 0 (one try to solve): these tests count what the server does with it. */
async function solvedWork(hard: boolean, ipGroup = "192.0.2.1") {
  const challengeId = newSecret();
  const pow = String(await solveProofOfWork(await issueProofOfWork({ challengeId, hard, ipGroup, now: new Date(), random: () => 0 })));
  return { challengeId, pow };
}

async function attempt(identifier: string, password: string, ipGroup: string, withCaptcha = true) {
  const request: SignInAttempt & { ipGroup: string } = { identifier, password, ipGroup, ...(withCaptcha ? await solvedCaptchaAndWork() : {}) };
  return signIn(request);
}

describe("a limit at its boundary", () => {
  it("lets the Nth attempt through and refuses the N+1th with the time to wait", async () => {
    const key = newIp();
    for (let i = 1; i <= LIMITS.registrationPerIp.points; i++) expect(await consumeLimit({ limit: LIMITS.registrationPerIp, key })).toEqual({ ok: true });
    const refused = await consumeLimit({ limit: LIMITS.registrationPerIp, key });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(9 * MINUTE);
    // The window passes and the count starts again.
    vi.setSystemTime(Date.now() + LIMITS.registrationPerIp.durationSec * SECOND + SECOND);
    expect(await consumeLimit({ limit: LIMITS.registrationPerIp, key })).toEqual({ ok: true });
  });
});

describe("sign-in failures of one account", () => {
  it("asks for a captcha after 3 failures, pauses after the 6th, and resets on success", async () => {
    const { input } = await registerActive();
    const ip = newIp();
    for (let failure = 1; failure <= 3; failure++) {
      expect(await attempt(input.email, OTHER_PASSWORD, ip, false)).toEqual({ ok: false, reason: "invalid", captchaRequired: failure >= 3 });
    }
    // From now on a missing or wrong captcha is refused before the password is even looked at.
    expect(await attempt(input.email, PASSWORD, ip, false)).toEqual({ ok: false, reason: "captcha", captchaRequired: true });
    for (let failure = 4; failure <= 6; failure++) {
      expect(await attempt(input.email, OTHER_PASSWORD, ip)).toMatchObject({ ok: false, reason: "invalid" });
    }
    // The 6th failure paused the account for a minute; the right password gets the same answer as a wrong one.
    const locked = await attempt(input.email, PASSWORD, ip);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    if (!locked.ok && locked.reason === "locked") expect(locked.retryAfterMs).toBeLessThanOrEqual(MINUTE);
    expect(await attempt(input.email, OTHER_PASSWORD, ip)).toMatchObject({ ok: false, reason: "locked" });

    vi.setSystemTime(Date.now() + MINUTE + SECOND);
    expect(await attempt(input.email, PASSWORD, ip)).toMatchObject({ ok: true });
    // Success forgot the account's failures: the next failure is the first again, with no captcha needed.
    expect(await attempt(input.email, OTHER_PASSWORD, newIp(), false)).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
  });

  it("grows the pause with each further failure, up to 15 minutes, and never forever", async () => {
    const { input } = await registerActive();
    const pauses: number[] = [];
    for (let failure = 1; failure <= 11; failure++) {
      await attempt(input.email, OTHER_PASSWORD, newIp());
      const next = await attempt(input.email, OTHER_PASSWORD, newIp());
      if (next.ok || next.reason !== "locked") continue;
      pauses.push(Math.round(next.retryAfterMs / MINUTE));
      vi.setSystemTime(Date.now() + next.retryAfterMs + SECOND);
    }
    expect(pauses.slice(0, 6)).toEqual([1, 2, 4, 8, 15, 15]);
    // Far fewer than 100 tries an hour can ever reach the password check.
    console.log(`sign-in pauses after failures 6.. (minutes): ${pauses.join(", ")}`);
  });

  it("counts and pauses an unknown address exactly like a real one", async () => {
    const unknown = newEmail("nobody");
    for (let failure = 1; failure <= 6; failure++) await attempt(unknown, PASSWORD, newIp());
    expect(await attempt(unknown, PASSWORD, newIp())).toMatchObject({ ok: false, reason: "locked" });
  });
});

describe("sign-in failures from one address", () => {
  it("refuses the address after 100 failures in an hour, whichever accounts it tried", async () => {
    const ip = newIp();
    const limit = SIGN_IN_LIMITS.failuresPerIp;
    for (let failure = 1; failure <= 5; failure++) {
      expect(await attempt(newEmail("spray"), PASSWORD, ip)).toMatchObject({ ok: false, reason: "invalid" });
    }
    // The rest of the hour's failures, counted as the sign-ins above were (each solving a captcha takes time).
    for (let failure = 6; failure <= limit.points; failure++) await countAttempt({ limit, key: ip });
    const { input } = await registerActive();
    expect(await attempt(input.email, PASSWORD, ip)).toMatchObject({ ok: false, reason: "ip-limited" });
    // Another address is not affected.
    expect(await attempt(input.email, PASSWORD, newIp())).toMatchObject({ ok: true });
    // Still refused 59 minutes on; the window is an hour.
    vi.setSystemTime(Date.now() + 59 * MINUTE);
    expect(await attempt(newEmail("spray"), PASSWORD, ip)).toMatchObject({ ok: false, reason: "ip-limited" });
  });
});

describe("resend limits", () => {
  it("allows 5 activation-email requests an hour per address, then 'limited', for any address", async () => {
    const { input } = await registerPending();
    for (const email of [input.email, newEmail("unknown")]) {
      for (let i = 1; i <= LIMITS.resendPerAddress.points; i++) {
        vi.setSystemTime(Date.now() + 61 * SECOND); // past the per-account cooldown
        expect(await resendActivation(email)).not.toBe("limited");
      }
      expect(await resendActivation(email)).toBe("limited");
    }
  });

  it("allows 30 requests per address group per 10 minutes whatever addresses are typed, so a script cannot fill the outbox worker's queue", async () => {
    const ipGroup = `198.51.100.${process.pid % 200}-resend-spray`;
    for (let i = 1; i <= LIMITS.resendPerIp.points; i++) expect(await resendActivation(newEmail("spray"), undefined, { ipGroup })).not.toBe("limited");
    const queuedBefore = await db.outboxMessage.count();
    expect(await resendActivation(newEmail("spray"), undefined, { ipGroup })).toBe("limited");
    expect(await db.outboxMessage.count(), "a refused request queues nothing").toBe(queuedBefore);
    // Another address group is not affected.
    expect(await resendActivation(newEmail("spray"), undefined, { ipGroup: `${ipGroup}-neighbour` })).not.toBe("limited");
  });
});

/** Step 1 then step 2 for `email`, from `ipGroup`, with a solved captcha (and, unless told, the work). */
async function signUp(email: string, ipGroup: string, how: "image and work" | "image alone" | "work alone" = "image and work") {
  const id = await saveRegistrationDraft(undefined, { email, country: "GB", wantsOffers: false });
  const check = how === "work alone" ? { ...(await solvedWork(true, ipGroup)), alternative: true } : await solvedCaptchaAndWork(how === "image and work");
  return submitRegistration(id, { password: PASSWORD, ipGroup, ...check });
}

describe("sign-up limits", () => {
  it("takes 30 sign-ups from one address group in an hour, then refuses with the wait", async () => {
    const ip = newIp();
    const limit = LIMITS.registrationPerIp;
    for (let i = 1; i <= 3; i++) expect(await signUp(newEmail("burst"), ip)).toMatchObject({ ok: true });
    // The rest of the hour's sign-ups, counted as the ones above were (each solving a captcha takes time).
    for (let i = 4; i <= limit.points; i++) await countAttempt({ limit, key: ip });
    const refused = await signUp(newEmail("burst"), ip);
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited" });
    if (!refused.ok && refused.reason === "rate-limited") expect(refused.retryAfterMs).toBeGreaterThan(59 * MINUTE);
  });

  it("takes 2 sign-ups an address group in 10 minutes with the image alone (no proof of work)", async () => {
    const ip = newIp();
    for (let i = 1; i <= LIMITS.registrationWithoutPowPerIp.points; i++) expect(await signUp(newEmail("no-js"), ip, "image alone")).toMatchObject({ ok: true });
    expect(await signUp(newEmail("no-js"), ip, "image alone")).toMatchObject({ ok: false, reason: "rate-limited" });
    // With the work done, the ordinary limit still has room.
    expect(await signUp(newEmail("js"), ip)).toMatchObject({ ok: true });
  });

  it("takes the image's stand-in, the hard proof of work, alone but not the easy work alone", async () => {
    // How many people behind one address may use it: tests/integration/accessible-path.test.ts.
    expect(await signUp(newEmail("alt"), newIp(), "work alone")).toMatchObject({ ok: true });
    const id = await saveRegistrationDraft(undefined, { email: newEmail("alt"), country: "GB", wantsOffers: false });
    expect(await submitRegistration(id, { password: PASSWORD, ipGroup: newIp(), ...(await solvedWork(false)), alternative: true })).toMatchObject({ ok: false, reason: "captcha" });
  }, 60_000);

  it("takes 3 sign-ups of one email address an hour, from any address group", async () => {
    const email = newAccount().email;
    for (let i = 1; i <= LIMITS.registrationPerAddress.points; i++) expect(await signUp(email, newIp())).toMatchObject({ ok: true });
    expect(await signUp(email, newIp())).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await db.account.count({ where: { email } })).toBe(1);
  });
});
