import { describe, expect, it } from "vitest";
import { consumeActivationToken, inspectActivationToken } from "@/lib/server/accounts/activation";
import { resendFromDraft, saveSignUpDraft, submitSignUp } from "@/lib/server/accounts/sign-up-draft";
import { db } from "@/lib/server/db/client";
import { issueCaptcha } from "@/lib/server/security/captcha";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { ACTIVATION_SUBJECT, at, newEmail, OTHER_PASSWORD, PASSWORD, SECOND, signInAs } from "../support/fixtures";
import { activationTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";

// Nobody but the mailbox owner decides the password of the account a link activates: a link works at one
// press in the browser that registered it, and elsewhere only with the password chosen in that registration.

async function solvedCaptcha() {
  const captchaSlot = newSecret();
  await issueCaptcha(captchaSlot);
  const { answer } = await db.captcha.findUniqueOrThrow({ where: { slotHash: hashSecret(captchaSlot) } });
  return { captchaSlot, captchaAnswer: answer };
}

let ip = 0;
/** One browser's sign-up: step 1 then step 2; returns its draft id (the browser's cookie) and its link. */
async function signUpInBrowser(email: string, password: string, now: Date) {
  const draftId = await saveSignUpDraft(undefined, { email, country: "GB", wantsOffers: false }, now);
  const result = await submitSignUp(draftId, { password, ipGroup: `198.18.0.${++ip}`, ...(await solvedCaptcha()) }, now);
  expect(result.ok).toBe(true);
  const mails = inbox().messages().filter((mail) => mail.to.includes(email) && mail.subject === ACTIVATION_SUBJECT);
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
    const mails = inbox().messages().filter((mail) => mail.to.includes(email) && mail.subject === ACTIVATION_SUBJECT);
    const newest = activationTokenFromMail(mails.at(-1)!);
    expect(newest).not.toBe(attacker.token);
    expect(fresh).toBeTruthy();
    expect(await consumeActivationToken(newest, at(t0, 3 * 60 * SECOND), {}, { draftId: victim.draftId })).toMatchObject({ ok: true });

    expect((await signInAs(email, PASSWORD)).ok).toBe(true);
    expect(await signInAs(email, OTHER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });
});
