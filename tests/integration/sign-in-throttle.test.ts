import bcrypt from "bcrypt";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type SignInAttempt, type SignInResult } from "@/lib/server/flows/login/sign-in";
import { SIGN_IN_CAPTCHA_AFTER_FAILURES, SIGN_IN_LIMITS } from "@/lib/server/flows/login/throttle";
import { db } from "@/lib/server/db/client";
import { hashSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";
import { at, HOUR, MINUTE, newEmail, OTHER_PASSWORD, PASSWORD, registerActive, solvedCaptcha, solvedCaptchaAndWork } from "../support/fixtures";
import { signIn } from "../support/flows";

// The sign-in throttle against an attacker who fires attempts in parallel and compares answers: a burst meets
// the limits that the same attempts one by one would, and no sequence of answers tells whether the typed
// identifiers belong to an account, or whether an email and a Mi Account ID belong to the same one.

let ipCounter = 0;
const newIp = () => `192.0.2.${++ipCounter % 250}-${process.pid}-${ipCounter}`;

/** Password checks that failed, and sign-ins that succeeded, for one account, from the audit trail. */
async function passwordChecks(accountId: string) {
  const rows = await db.auditEvent.findMany({ where: { accountId }, select: { event: true, outcome: true } });
  return {
    wrong: rows.filter((row) => row.event === "sign_in_failed" && row.outcome === "wrong-password").length,
    succeeded: rows.filter((row) => row.event === "sign_in").length,
  };
}

describe("a burst of concurrent sign-ins", () => {
  it("50 wrong passwords at once from one address check 3 passwords, as 50 one by one would", async () => {
    const { input, outcome } = await registerActive();
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    expect(outcome.kind).toBe("created");
    const ip = newIp();
    const results = await Promise.all(Array.from({ length: 50 }, () => signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: ip })));
    expect((await passwordChecks(account.id)).wrong).toBe(3);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(3);
    // The rest were asked for a captcha (or refused for the address) before any password was looked at.
    expect(results.every((r) => !r.ok && ["invalid", "captcha", "ip-limited", "locked"].includes(r.reason))).toBe(true);
    const ipRow = await db.rateLimitCounter.findUnique({ where: { key: `${SIGN_IN_LIMITS.failuresPerIp.keyPrefix}:${ip}` } });
    expect(ipRow?.points).toBe(3);
  });

  it("50 wrong passwords with solved captchas from 50 addresses check at most 6, then the pause holds", async () => {
    const { input } = await registerActive();
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    const attempts: SignInAttempt[] = await Promise.all(
      Array.from({ length: 50 }, async () => ({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) })),
    );
    const results = await Promise.all(attempts.map((attempt) => signIn(attempt)));
    expect((await passwordChecks(account.id)).wrong).toBe(6);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(44);
    const lockouts = await db.auditEvent.count({ where: { accountId: account.id, event: "lockout" } });
    expect(lockouts).toBe(1);
  });

  it("a right password inside a burst past the limit gets no session", async () => {
    const { input } = await registerActive();
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    // Five failures one by one: the next attempt is the last that may check a password before the pause.
    for (let i = 0; i < 5; i++) await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) });
    const attempts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => ({
        identifier: input.email,
        password: i === 25 ? PASSWORD : OTHER_PASSWORD,
        ipGroup: newIp(),
        ...(await solvedCaptcha()),
      })),
    );
    const results = await Promise.all(attempts.map((attempt) => signIn(attempt)));
    const checks = await passwordChecks(account.id);
    // Exactly one password of the burst was checked: the right one only if it happened to come first.
    expect(checks.wrong + checks.succeeded).toBe(5 + 1);
    expect(results.filter((r) => r.ok)).toHaveLength(checks.succeeded);
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(checks.succeeded);
  });
});

/** What a stranger sees of one answer: the reason, whether a captcha shows, and the pause in whole minutes. */
function seen(result: SignInResult) {
  if (result.ok || result.reason === "second-step") return "signed in";
  if (result.reason === "locked" || result.reason === "ip-limited") return `${result.reason} ${Math.ceil(result.retryAfterMs / MINUTE)}m captcha:${result.captchaRequired}`;
  return `${result.reason} captcha:${result.captchaRequired}`;
}

describe("counters tell nothing", () => {
  const step = fc.record({
    who: fc.constantFrom("email", "EMAIL", "Email", "miId"),
    ip: fc.constantFrom(0, 1, 2),
    solveCaptcha: fc.boolean(),
    minutesLater: fc.constantFrom(0, 0, 1, 3),
  });

  it("any sequence of wrong tries is answered alike for a registered account and for nobody", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const { input, miId } = await registerActive();
        // An unregistered email, and an unused Mi Account ID of the same shape.
        const nobody = { email: newEmail("nobody"), miId: String(Number(miId) === 9999999999 ? 1000000000 : Number(miId) + 1) };
        expect(await db.account.count({ where: { miId: nobody.miId } })).toBe(0);
        const answers = { registered: [] as string[], nobody: [] as string[] };
        for (const world of ["registered", "nobody"] as const) {
          const email = world === "registered" ? input.email : nobody.email;
          const id = world === "registered" ? miId : nobody.miId;
          const ips = [newIp(), newIp(), newIp()];
          let now = new Date("2026-11-25T12:00:00Z");
          for (const s of steps) {
            now = at(now, s.minutesLater * MINUTE);
            const identifier = s.who === "miId" ? id : s.who === "EMAIL" ? email.toUpperCase() : s.who === "Email" ? email[0]!.toUpperCase() + email.slice(1) : email;
            const captcha = s.solveCaptcha ? await solvedCaptcha() : {};
            answers[world].push(seen(await signIn({ identifier, password: OTHER_PASSWORD, ipGroup: ips[s.ip]!, ...captcha }, now)));
          }
        }
        expect(answers.registered).toEqual(answers.nobody);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("failures on an email do not raise the captcha for its Mi Account ID, nor for anyone from another address", async () => {
    const { input, miId } = await registerActive();
    for (let i = 0; i < 3; i++) await signIn({ identifier: input.email.toUpperCase(), password: OTHER_PASSWORD, ipGroup: newIp() });
    expect(await signIn({ identifier: miId, password: OTHER_PASSWORD, ipGroup: newIp() })).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
    // The captcha is the address's to ask for (the page shows it before the first submit); the identifier's
    // own failures lead to its pause.
    expect(await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp() })).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
  });
});

describe("a paused identifier costs no password check (issue 21, point 1)", () => {
  afterEach(() => vi.restoreAllMocks());
  const ipCount = async (ip: string) => (await db.rateLimitCounter.findUnique({ where: { key: `${SIGN_IN_LIMITS.failuresPerIp.keyPrefix}:${ip}` } }))?.points ?? 0;

  /** Six failures from six addresses, each with the captcha solved: the identifier is paused. */
  async function pause(identifier: string) {
    for (let i = 0; i < 6; i++) await signIn({ identifier, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) });
    expect(await signIn({ identifier, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) })).toMatchObject({ ok: false, reason: "locked" });
  }


  for (const who of ["registered", "unregistered"] as const) {
    it(`sign-ins for a paused ${who} identifier from one address hash nothing, and each counts against the address`, async () => {
      const identifier = who === "registered" ? (await registerActive()).input.email : newEmail("nobody");
      await pause(identifier);
      const compare = vi.spyOn(bcrypt, "compare");
      const hash = vi.spyOn(bcrypt, "hash");
      const ip = newIp();
      for (let i = 0; i < 12; i++) {
        const password = i % 2 ? PASSWORD : OTHER_PASSWORD;
        // From the address's fourth attempt on, the page shows the captcha, and a browser answers it.
        const captcha = i < SIGN_IN_CAPTCHA_AFTER_FAILURES ? {} : await solvedCaptchaAndWork();
        expect(await signIn({ identifier, password, ipGroup: ip, ...captcha })).toMatchObject({ ok: false, reason: "locked" });
      }
      expect(compare).not.toHaveBeenCalled();
      expect(hash).not.toHaveBeenCalled();
      // Kept, not refunded: the address pays for every request it sends, up to its cap.
      expect(await ipCount(ip)).toBe(12);
      // Without the captcha, a refusal that touches nothing.
      expect(await signIn({ identifier, password: PASSWORD, ipGroup: ip })).toEqual({ ok: false, reason: "captcha", captchaRequired: true });
      expect(compare).not.toHaveBeenCalled();
      expect(await ipCount(ip)).toBe(12);
    });
  }

  it("the owner's trusted browser still checks its password and gets in while strangers keep the identifier paused", async () => {
    const { input } = await registerActive();
    const first = await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp() });
    const deviceToken = first.ok ? first.device!.token : "";
    await pause(input.email);
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp(), deviceToken })).toMatchObject({ ok: true });
    expect(compare).toHaveBeenCalledTimes(1);
  });
});

describe("an identifier's record of failures", () => {
  const throttleRow = (email: string) => db.signInThrottle.findUnique({ where: { key: `email:${emailKey(email)}` } });

  it("starts with the first failure and is gone after a right password", async () => {
    const { input } = await registerActive();
    expect(await throttleRow(input.email)).toBeNull();
    expect(await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp() })).toMatchObject({ ok: false, reason: "invalid" });
    expect((await throttleRow(input.email))?.failures).toBe(1);
    expect((await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp() })).ok).toBe(true);
    expect(await throttleRow(input.email)).toBeNull();
  });

  it("is forgotten a day after the last failure: a paused identifier's next try counts from one again", async () => {
    const { input } = await registerActive();
    const start = new Date();
    for (let i = 0; i < 6; i++) {
      const result = await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) }, at(start, i * 1000));
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
    }
    const paused = await throttleRow(input.email);
    expect(paused?.failures).toBe(6);
    expect(paused?.pausedUntil?.getTime()).toBeGreaterThan(start.getTime());
    // Still paused a minute later, with the row kept; a day and an hour on, the expired row starts again at one.
    const later = await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) }, at(start, 30 * 1000));
    expect(later).toMatchObject({ ok: false, reason: "locked" });
    const nextDay = at(start, 25 * HOUR);
    expect(await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp() }, nextDay)).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
    const row = await throttleRow(input.email);
    expect({ failures: row?.failures, pausedUntil: row?.pausedUntil ?? null }).toEqual({ failures: 1, pausedUntil: null });
  });
});

describe("the owner is not locked out by strangers", () => {
  it("a browser that signed in before passes the pause strangers caused, under its own budget", async () => {
    const { input } = await registerActive();
    const first = await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp() });
    expect(first.ok && first.device).toBeTruthy();
    const deviceToken = first.ok ? first.device!.token : "";
    // Strangers pause the account by guessing.
    for (let i = 0; i < 7; i++) await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) });
    expect(await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) })).toMatchObject({ reason: "locked" });
    // The owner's browser still gets in, and keeps its cookie.
    const later = new Date(Date.now() + 60_000);
    const owner = await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp(), deviceToken }, later);
    expect(owner).toMatchObject({ ok: true, device: null });
    // The browser's last use is recorded (the account page's list of trusted browsers reads it).
    expect((await db.trustedDevice.findUniqueOrThrow({ where: { tokenHash: hashSecret(deviceToken) } })).lastUsedAt).toEqual(later);
    // Its own budget: ten failures, then that browser waits too.
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      const r = await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: `${ip}-${i}`, deviceToken, ...(await solvedCaptcha()) });
      expect(r).toMatchObject({ ok: false, reason: "invalid" });
    }
    expect(await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp(), deviceToken, ...(await solvedCaptcha()) })).toMatchObject({ reason: "locked" });
  });

  it("a device cookie of one account means nothing for another", async () => {
    const owner = await registerActive();
    const other = await registerActive();
    const signedIn = await signIn({ identifier: owner.input.email, password: PASSWORD, ipGroup: newIp() });
    const deviceToken = signedIn.ok ? signedIn.device!.token : "";
    for (let i = 0; i < 7; i++) await signIn({ identifier: other.input.email, password: OTHER_PASSWORD, ipGroup: newIp(), ...(await solvedCaptcha()) });
    expect(await signIn({ identifier: other.input.email, password: PASSWORD, ipGroup: newIp(), deviceToken, ...(await solvedCaptcha()) })).toMatchObject({ reason: "locked" });
  });

  it("makes an old-cost hash again at today's cost on a right password, and leaves it on a wrong one", async () => {
    const { input } = await registerActive();
    const oldHash = await bcrypt.hash(PASSWORD, 5); // tests run at BCRYPT_COST=4
    await db.account.update({ where: { emailKey: emailKey(input.email) }, data: { passwordHash: oldHash } });
    const hashNow = async () => (await db.account.findUniqueOrThrow({ where: { emailKey: emailKey(input.email) } })).passwordHash;

    expect(await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup: newIp() })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await hashNow()).toBe(oldHash);
    expect((await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp() })).ok).toBe(true);
    const rehashed = await hashNow();
    expect(bcrypt.getRounds(rehashed)).toBe(4);
    expect(await bcrypt.compare(PASSWORD, rehashed)).toBe(true);
    // At today's cost it stays as it is.
    expect((await signIn({ identifier: input.email, password: PASSWORD, ipGroup: newIp() })).ok).toBe(true);
    expect(await hashNow()).toBe(rehashed);
  });
});
