import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { ACTIVATION_SUBJECT, at, HOUR, newEmail, PASSWORD, registrationOutcome, SECOND, signInAs, solvedCaptcha } from "../support/fixtures";
import { activationTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { consumeActivationToken, loadRegistrationDraft, resendFromDraft, saveRegistrationDraft, submitRegistration } from "../support/flows";

beforeEach(() => inbox().clear());

const start = (email = newEmail("wizard")) => ({ email, country: "CN", wantsOffers: true });

/** Step 2 as a browser does it: load a captcha image, read its code (here from the database), submit. */
async function submit(id: string | undefined, password: string, now = new Date(), answer?: string) {
  const captcha = await solvedCaptcha(now);
  return submitRegistration(id, { password, ...captcha, captchaAnswer: answer ?? captcha.captchaAnswer, ipGroup: `wizard-test-${captcha.captchaId}` }, now);
}

/** The draft as loadRegistrationDraft gives it, exactly: the cookie's id and its hash, step 1, and what step 2 left. */
const draftOf = (id: string, fields: Record<string, unknown>) => ({ id, idHash: hashSecret(id), passwordHash: null, messageId: null, ...fields });

describe("registration wizard", () => {
  it("keeps step 1 on the server, registers on submit and rate-limits resends", async () => {
    const t0 = new Date();
    const step1 = start();
    const id = await saveRegistrationDraft(undefined, step1, t0);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.registrationDraft.count({ where: { idHash: id } })).toBe(0); // only the hash is stored
    expect(await loadRegistrationDraft(id, t0)).toEqual(draftOf(id, { ...step1, submitted: false, resendWaitSeconds: 0 }));

    const submitted = await submit(id, PASSWORD, t0);
    expect(submitted).toEqual({ ok: true, outcome: registrationOutcome("created", "sent") });
    const first = await inbox().waitForMail(step1.email, { subject: ACTIVATION_SUBJECT });
    // The draft keeps the password's hash (a resend from here binds the new link to it) and the mail it queued.
    const mailed = await db.outboxMessage.findFirstOrThrow({ where: { to: step1.email, kind: "activation" } });
    expect(submitted.ok && submitted.outcome.messageId).toBe(mailed.id);
    const account = await db.account.findFirstOrThrow({ where: { email: step1.email } });
    expect(await loadRegistrationDraft(id, t0)).toEqual(
      draftOf(id, { ...step1, submitted: true, resendWaitSeconds: 60, passwordHash: account.passwordHash, messageId: mailed.id }),
    );
    expect(await loadRegistrationDraft(id, at(t0, 45 * SECOND))).toMatchObject({ resendWaitSeconds: 15 });
    expect(account).toMatchObject({ country: "CN", wantsOffers: true, status: "pending" });

    for (const elapsed of [0, 1, 30, 59]) {
      const result = await resendFromDraft(id, at(t0, elapsed * SECOND));
      expect(result).toEqual({ ok: false, reason: "cooldown", waitSeconds: 60 - elapsed });
    }
    expect(inbox().messages()).toHaveLength(1);

    expect(await resendFromDraft(id, at(t0, 60 * SECOND))).toEqual({ ok: true });
    const second = await inbox().waitForMail(step1.email, { subject: ACTIVATION_SUBJECT });
    expect(activationTokenFromMail(second)).not.toBe(activationTokenFromMail(first));
    // The cooldown starts again from that resend.
    expect(await resendFromDraft(id, at(t0, 61 * SECOND))).toMatchObject({ reason: "cooldown", waitSeconds: 59 });

    // The link was made in this browser (its draft): one press, no password.
    expect(await consumeActivationToken(activationTokenFromMail(second), at(t0, 2 * 60 * SECOND), {}, { draftId: id })).toMatchObject({
      ok: true,
    });
    expect((await signInAs(step1.email, PASSWORD)).ok).toBe(true);
  });

  it("gives a new wizard id when the person goes back to step 1, and forgets the old one", async () => {
    const t0 = new Date();
    const id = await saveRegistrationDraft(undefined, start(), t0);
    await submit(id, PASSWORD, t0);
    const changed = start(newEmail("changed-mind"));
    const next = await saveRegistrationDraft(id, changed, at(t0, SECOND));
    expect(next).not.toBe(id);
    expect(await loadRegistrationDraft(id, at(t0, SECOND))).toBeNull();
    expect(await loadRegistrationDraft(next, at(t0, SECOND))).toEqual(draftOf(next, { ...changed, submitted: false, resendWaitSeconds: 0 }));
    // An unsubmitted wizard has nothing to resend.
    expect(await resendFromDraft(next, at(t0, 2 * SECOND))).toEqual({ ok: false, reason: "missing" });
  });

  it("never lets the browser choose its wizard id", async () => {
    const chosen = newSecret();
    const id = await saveRegistrationDraft(chosen, start());
    expect(id).not.toBe(chosen);
    expect(await loadRegistrationDraft(chosen)).toBeNull();
  });

  it("refuses a wrong captcha before anything is registered, and uses the captcha up", async () => {
    const t0 = new Date();
    const step1 = start();
    const id = await saveRegistrationDraft(undefined, step1, t0);
    expect(await submit(id, PASSWORD, t0, "wrong")).toEqual({ ok: false, reason: "captcha" });
    expect(await db.account.count({ where: { email: step1.email } })).toBe(0);
    expect(await loadRegistrationDraft(id, t0)).toMatchObject({ submitted: false });
    expect(inbox().messages()).toEqual([]);
  });

  it("answers 'missing' for no id, a garbage id, an unknown id and an expired wizard", async () => {
    const t0 = new Date();
    for (const id of [undefined, "", "garbage", "x".repeat(43) + "!", newSecret()]) {
      expect(await loadRegistrationDraft(id, t0)).toBeNull();
      expect(await submit(id, PASSWORD, t0)).toEqual({ ok: false, reason: "missing" });
      expect(await resendFromDraft(id, t0)).toEqual({ ok: false, reason: "missing" });
    }
    const id = await saveRegistrationDraft(undefined, start(), t0);
    const dayLater = at(t0, 24 * HOUR);
    expect(await loadRegistrationDraft(id, dayLater)).toBeNull();
    expect(await submit(id, PASSWORD, dayLater)).toEqual({ ok: false, reason: "missing" });
    expect(inbox().messages()).toEqual([]);
  });

  it("for an already active address, changes nothing and warns the owner instead of sending a link", async () => {
    const email = newEmail("owner");
    const first = await saveRegistrationDraft(undefined, start(email));
    await submit(first, PASSWORD);
    const token = activationTokenFromMail(await inbox().waitForMail(email));
    expect((await consumeActivationToken(token, undefined, {}, { draftId: first })).ok).toBe(true);
    inbox().clear();

    const again = await saveRegistrationDraft(undefined, start(email));
    expect(await submit(again, "Other#pass9")).toEqual({ ok: true, outcome: registrationOutcome("already-active", "sent") });
    expect(inbox().messages().map((mail) => mail.subject)).toEqual(["Someone tried to register with your email"]);
    expect(await db.registrationDraft.count({ where: { idHash: hashSecret(again), submittedAt: { not: null } } })).toBe(1);
  });
});
