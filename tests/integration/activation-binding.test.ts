import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { newSecret } from "@/lib/server/security/secrets";
import { ACTIVATION_SUBJECT, at, newEmail, OTHER_PASSWORD, PASSWORD, SECOND, signInAs, solvedCaptcha } from "../support/fixtures";
import { activationTokenFromMail, mailsTo } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { consumeActivationToken, inspectActivationToken, resendFromDraft, saveRegistrationDraft, submitRegistration } from "../support/flows";

// Nobody but the mailbox owner decides the password of the account a link activates: a link works at one
// press in the browser that registered it, and elsewhere only with the password chosen in that registration.

let ip = 0;
/** One browser's sign-up: step 1 then step 2; returns its draft id (the browser's cookie) and its link. */
async function signUpInBrowser(email: string, password: string, now: Date) {
  const draftId = await saveRegistrationDraft(undefined, { email, country: "GB", wantsOffers: false }, now);
  const result = await submitRegistration(draftId, { password, ipGroup: `198.18.0.${++ip}`, ...(await solvedCaptcha()) }, now);
  expect(result.ok).toBe(true);
  const mails = mailsTo(inbox(), email, ACTIVATION_SUBJECT);
  return { draftId, token: activationTokenFromMail(mails.at(-1)!) };
}

describe("activation links are bound to the registration that made them", () => {
  it("one press in the registering browser; elsewhere the password chosen then, and nothing else", async () => {
    const email = newEmail("owner");
    const { draftId, token } = await signUpInBrowser(email, PASSWORD, new Date());
    expect(await inspectActivationToken(token, undefined, draftId)).toBe("ready");
    expect(await inspectActivationToken(token, undefined, newSecret())).toBe("needs-password");
    expect(await inspectActivationToken(token)).toBe("needs-password");
    expect(await consumeActivationToken(token, undefined, {}, {})).toEqual({ ok: false, reason: "needs-password" });
    expect(await consumeActivationToken(token, undefined, {}, { password: OTHER_PASSWORD })).toEqual({ ok: false, reason: "wrong-password" });
    expect((await db.account.findFirstOrThrow({ where: { email } })).status).toBe("pending");
    expect(await consumeActivationToken(token, undefined, {}, { password: PASSWORD })).toMatchObject({ ok: true, email });
  });

  it("a stranger who registers the victim's pending address cannot choose the account's password", async () => {
    const email = newEmail("victim");
    const t0 = new Date();
    const victim = await signUpInBrowser(email, PASSWORD, t0);
    const attacker = await signUpInBrowser(email, OTHER_PASSWORD, at(t0, SECOND));
    // Both emails reach the victim's mailbox; the victim presses the newest one, in the victim's browser.
    expect(await inspectActivationToken(victim.token, undefined, victim.draftId)).toBe("invalid");
    expect(await inspectActivationToken(attacker.token, undefined, victim.draftId)).toBe("needs-password");
    // The page asks for the password chosen at registration; the victim types theirs, which is not the one.
    expect(await consumeActivationToken(attacker.token, undefined, {}, { draftId: victim.draftId, password: PASSWORD })).toEqual({
      ok: false,
      reason: "wrong-password",
    });
    expect((await db.account.findFirstOrThrow({ where: { email } })).status).toBe("pending");

    // The victim asks for a new link from their own check-email page: it is bound to the victim's password.
    expect(await resendFromDraft(victim.draftId, at(t0, 2 * 60 * SECOND))).toEqual({ ok: true });
    const fresh = activationTokenFromMail(await inbox().waitForMail(email, { subject: ACTIVATION_SUBJECT }));
    const mails = mailsTo(inbox(), email, ACTIVATION_SUBJECT);
    const newest = activationTokenFromMail(mails.at(-1)!);
    expect(newest).not.toBe(attacker.token);
    expect(fresh).toBeTruthy();
    expect(await consumeActivationToken(newest, at(t0, 3 * 60 * SECOND), {}, { draftId: victim.draftId })).toMatchObject({ ok: true });

    expect((await signInAs(email, PASSWORD)).ok).toBe(true);
    expect(await signInAs(email, OTHER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("counts each typed password before checking it: five per account, then refused without a check, even the right one", async () => {
    const email = newEmail("guessed");
    const { token } = await signUpInBrowser(email, PASSWORD, new Date());
    const from = { ipGroup: "198.19.1.1" };
    for (let i = 0; i < 5; i++) expect(await consumeActivationToken(token, undefined, from, { password: `${OTHER_PASSWORD}${i}` })).toEqual({ ok: false, reason: "wrong-password" });
    // From another address too: the account's own count is used up.
    const refused = await consumeActivationToken(token, undefined, { ipGroup: "198.19.1.2" }, { password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, reason: "limited" });
    expect(refused.ok === false && refused.reason === "limited" && refused.retryAfterMs).toBeGreaterThan(14 * 60 * SECOND);
    const account = await db.account.findFirstOrThrow({ where: { email } });
    expect(account.status).toBe("pending");
    // Refusals are not audited, so a stream of them cannot grow the audit trail.
    const audited = await db.auditEvent.findMany({ where: { accountId: account.id, event: "activation" } });
    expect(audited.map((row) => row.outcome)).toEqual(Array(5).fill("wrong-password"));
    // Without a password nothing is counted: the page still answers, asking for it.
    expect(await consumeActivationToken(token, undefined, from, {})).toEqual({ ok: false, reason: "needs-password" });
  });

  it("twenty presses at once meet the count as twenty in a row would: five passwords checked", async () => {
    const email = newEmail("burst");
    const { token } = await signUpInBrowser(email, PASSWORD, new Date());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => consumeActivationToken(token, undefined, { ipGroup: `198.19.2.${i}` }, { password: `${OTHER_PASSWORD}${i}` })),
    );
    expect(results.filter((result) => !result.ok && result.reason === "wrong-password")).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === "limited")).toHaveLength(15);
  });

  it("one address may type ten passwords in ten minutes, whichever links they are for", async () => {
    const links = await Promise.all([0, 1, 2].map(async (n) => (await signUpInBrowser(newEmail(`spread${n}`), PASSWORD, new Date())).token));
    const from = { ipGroup: "198.19.3.1" };
    const tries = [...Array(4).fill(links[0]), ...Array(4).fill(links[1]), ...Array(2).fill(links[2])] as string[];
    for (const token of tries) expect(await consumeActivationToken(token, undefined, from, { password: OTHER_PASSWORD })).toMatchObject({ reason: "wrong-password" });
    expect(await consumeActivationToken(links[2]!, undefined, from, { password: PASSWORD })).toMatchObject({ ok: false, reason: "limited" });
    // Another address is not held back by this one.
    expect(await consumeActivationToken(links[2]!, undefined, { ipGroup: "198.19.3.2" }, { password: PASSWORD })).toMatchObject({ ok: true });
  });
});
