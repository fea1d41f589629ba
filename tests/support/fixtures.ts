import { expect } from "vitest";
import { db } from "@/lib/server/db/client";
import { issueCaptcha } from "@/lib/server/security/captcha";
import { issueProofOfWork } from "@/lib/server/security/proof-of-work";
import { solveProofOfWork } from "@/lib/shared/proof-of-work";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { english as messages } from "./messages";
import { activationTokenFromMail } from "./inbox";
import { inbox } from "./integration-context";
import { consumeActivationToken, registerAccount, saveRegistrationDraft, signIn, submitRegistration, type NewAccountInput } from "./flows";

// Shared by the integration tests. Import only from test files: these modules load lib/, which must come
// after tests/integration/setup.ts has set the environment.

export const ACTIVATION_SUBJECT = messages.emails.activation.subject;
export const ALREADY_REGISTERED_SUBJECT = messages.emails.alreadyRegistered.subject;
export const RESET_SUBJECT = messages.emails.passwordReset.subject;
export const PASSWORD_CHANGED_SUBJECT = messages.emails.passwordChanged.subject;
export const ACCOUNT_DELETED_SUBJECT = messages.emails.accountDeleted.subject;

// Both satisfy the password rule: 8–16 printable ASCII characters of at least two kinds, not common.
export const PASSWORD = "Sunset#2049";
export const OTHER_PASSWORD = "Harbour7light";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs);

let counter = 0;
/** A fresh address per call: test files share one database across their tests. */
export function newEmail(label = "user"): string {
  counter += 1;
  return `${label}.${counter}.${process.pid}@example.com`;
}

export function newAccount(overrides: Partial<NewAccountInput & { password: string }> = {}): NewAccountInput & { password: string } {
  return { email: newEmail(), country: "GB", wantsOffers: false, password: PASSWORD, ...overrides };
}

/** Registers and returns the token from the activation mail that arrives. */
export async function registerPending(input: NewAccountInput & { password: string } = newAccount(), now?: Date) {
  const outcome = await registerAccount(input, now);
  const mail = await inbox().waitForMail(input.email, { subject: ACTIVATION_SUBJECT });
  return { input, outcome, mail, token: activationTokenFromMail(mail) };
}

let activationIp = 0;
/** A request from an address of its own, as a person opening their link somewhere: per-address counters stay apart. */
export function fromOwnAddress(): { ipGroup: string } {
  activationIp += 1;
  return { ipGroup: `198.51.101.${activationIp % 250}-${process.pid}-${activationIp}` };
}

/** Registers and activates; returns the Mi ID too. */
export async function registerActive(input: NewAccountInput & { password: string } = newAccount(), now?: Date) {
  const pending = await registerPending(input, now);
  const result = await consumeActivationToken(pending.token, now, fromOwnAddress(), { password: input.password });
  if (!result.ok) throw new Error(`activation failed: ${result.reason}`);
  return { ...pending, miId: result.miId };
}

let testIp = 0;
/** Signs in from an address of its own, so per-address counters of one test never touch another's. */
export function signInAs(identifier: string, password: string, now?: Date) {
  testIp += 1;
  return signIn({ identifier, password, ipGroup: `198.51.100.${testIp % 250}-${process.pid}-${testIp}` }, now);
}

/**
 * A captcha as a person solves it: issued for a new id, its code read where the image's text comes from (here the
 * server's own row, as CAPTCHA_TEST_CODE is unset).
 */
export async function solvedCaptcha(now?: Date): Promise<{ captchaId: string; captchaAnswer: string }> {
  const captchaId = newSecret();
  await issueCaptcha(captchaId, now);
  const { answer } = await db.captcha.findUniqueOrThrow({ where: { idHash: hashSecret(captchaId) } });
  return { captchaId, captchaAnswer: answer };
}

/**
 * A captcha as a browser with JavaScript answers it: the image's code and the page's proof of work. The work's secret
 * counter is 0 here, so solving it is one try: the tests that use this are about what the server does with a solved
 * challenge (limits, flows); the work itself, with counters drawn at random, is proof-of-work.test.ts's.
 */
export async function solvedCaptchaAndWork(now = new Date()): Promise<{ captchaId: string; captchaAnswer: string; challengeId: string; pow: string }> {
  const challengeId = newSecret();
  const challenge = await issueProofOfWork({ challengeId, hard: false, ipGroup: "192.0.2.254", now, random: () => 0 });
  return { ...(await solvedCaptcha(now)), challengeId, pow: String(await solveProofOfWork(challenge)) };
}

/** What registerAccount answers, exactly: what happened, what became of its mail, and that mail's outbox row. */
export function registrationOutcome(kind: "created" | "pending-replaced" | "already-active", mail: "sent" | "failed" | "after-response") {
  return { kind, mail, messageId: expect.stringMatching(/^c[0-9a-z]{24}$/) };
}

let browserIp = 0;
/**
 * Registers as a browser does, through the wizard: step 1 saves a draft, step 2 submits it with a solved captcha,
 * from an address of its own. Returns the draft's id (the browser's cookie) and the registration's outcome.
 */
export async function registerInBrowser(input: NewAccountInput & { password: string } = newAccount(), now = new Date()) {
  const draftId = await saveRegistrationDraft(undefined, { email: input.email, country: input.country, wantsOffers: input.wantsOffers }, now);
  browserIp += 1;
  const result = await submitRegistration(draftId, { password: input.password, ipGroup: `198.18.200.${browserIp % 250}-${process.pid}-${browserIp}`, ...(await solvedCaptcha(now)) }, now);
  if (!result.ok) throw new Error(`registration refused: ${result.reason}`);
  return { draftId, outcome: result.outcome };
}
