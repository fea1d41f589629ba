import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { ACTIVATION_SUBJECT, ALREADY_REGISTERED_SUBJECT, at, fromOwnAddress, HOUR, newAccount, newEmail, OTHER_PASSWORD, PASSWORD, registerActive, registerPending, registrationOutcome, SECOND, signInAs } from "../support/fixtures";
import { activationTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { consumeActivationToken, inspectActivationToken, registerAccount, resendActivation } from "../support/flows";

beforeEach(() => inbox().clear());

describe("resendActivation", () => {
  it("sends a new link after the 60 s cooldown; every link works until one is used", async () => {
    const t0 = new Date();
    const { input, token: first } = await registerPending(newAccount(), t0);

    expect(await resendActivation(input.email, at(t0, 30 * SECOND))).toBe("cooldown");
    expect(inbox().messages()).toHaveLength(1); // only the registration mail

    expect(await resendActivation(input.email, at(t0, 61 * SECOND))).toBe("sent");
    const second = activationTokenFromMail(await inbox().waitForMail(input.email, { subject: ACTIVATION_SUBJECT }));
    expect(second).not.toBe(first);
    // The cooldown counts from the latest mail.
    expect(await resendActivation(input.email, at(t0, 90 * SECOND))).toBe("cooldown");

    const later = at(t0, 2 * 60 * SECOND);
    // Registered without a browser's sign-up draft: any browser must type the password chosen then.
    expect(await inspectActivationToken(first, later)).toBe("needs-password");
    expect(await inspectActivationToken(second, later)).toBe("needs-password");
    expect(await consumeActivationToken(first, later, fromOwnAddress(), { password: PASSWORD })).toMatchObject({ ok: true, email: input.email });
    for (const token of [first, second]) {
      expect(await inspectActivationToken(token, later)).toBe("already-active");
      expect(await consumeActivationToken(token, later)).toEqual({ ok: false, reason: "already-active" });
    }
  });

  it("says 'not-pending' and sends nothing for an unknown or active address", async () => {
    const { input } = await registerActive();
    inbox().clear();
    expect(await resendActivation(newEmail("unknown"))).toBe("not-pending");
    expect(await resendActivation(input.email, at(new Date(), HOUR))).toBe("not-pending");
    expect(inbox().messages()).toEqual([]);
  });
});

describe("registering an address again", () => {
  it("replaces a pending registration: same account, new password, earlier link dead", async () => {
    const first = await registerPending(newAccount({ country: "GB" }));
    const second = await registerPending({ ...first.input, password: OTHER_PASSWORD, country: "FR", wantsOffers: true });
    expect(second.outcome).toEqual(registrationOutcome("pending-replaced", "sent"));

    const rows = await db.account.findMany({ where: { email: first.input.email } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", country: "FR", wantsOffers: true });

    expect(await inspectActivationToken(first.token)).toBe("invalid");
    expect(await consumeActivationToken(first.token)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await consumeActivationToken(second.token, undefined, fromOwnAddress(), { password: OTHER_PASSWORD })).toMatchObject({ ok: true, email: first.input.email });

    expect((await signInAs(first.input.email, OTHER_PASSWORD)).ok).toBe(true);
    expect(await signInAs(first.input.email, PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("leaves an active account alone and warns its owner instead of sending a link", async () => {
    const { input } = await registerActive(newAccount({ country: "GB" }));
    const before = await db.account.findFirstOrThrow({ where: { email: input.email } });
    inbox().clear();

    const outcome = await registerAccount({ ...input, password: OTHER_PASSWORD, country: "US", wantsOffers: true });
    expect(outcome).toEqual(registrationOutcome("already-active", "sent"));

    expect(await db.account.findFirstOrThrow({ where: { email: input.email } })).toEqual(before);
    expect(await db.activationToken.count({ where: { accountId: before.id, usedAt: null } })).toBe(0);
    const mails = inbox().messages();
    expect(mails.map((mail) => mail.subject)).toEqual([ALREADY_REGISTERED_SUBJECT]);
    expect(mails[0]?.to).toEqual([input.email]);
    expect(mails[0]?.text).toContain("http://localhost:3999/login");
    expect((await signInAs(input.email, PASSWORD)).ok).toBe(true);
    expect(await signInAs(input.email, OTHER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("link lifetime", () => {
  it("expires 24 hours after it was sent", async () => {
    const t0 = new Date();
    const { input, token } = await registerPending(newAccount(), t0);
    expect(await inspectActivationToken(token, at(t0, 24 * HOUR - SECOND))).toBe("needs-password");

    const expired = at(t0, 24 * HOUR);
    expect(await inspectActivationToken(token, expired)).toBe("expired");
    expect(await consumeActivationToken(token, expired)).toEqual({ ok: false, reason: "expired" });
    expect(await consumeActivationToken(token, at(t0, 48 * HOUR))).toEqual({ ok: false, reason: "expired" });
    expect((await db.account.findFirstOrThrow({ where: { email: input.email } })).status).toBe("pending");

    // A new link (after the cooldown) rescues the account.
    expect(await resendActivation(input.email, expired)).toBe("sent");
    const fresh = activationTokenFromMail(await inbox().waitForMail(input.email));
    expect(await consumeActivationToken(fresh, at(expired, SECOND), fromOwnAddress(), { password: PASSWORD })).toMatchObject({ ok: true });
  });
});

describe("tampered links", () => {
  it("refuses any token that is not exactly one that was sent", async () => {
    const { input, token } = await registerPending();
    const swap = (c: string) => (c === "A" ? "B" : "A");
    const tampered = [
      swap(token[0] ?? "") + token.slice(1),
      token.slice(0, 20) + swap(token[20] ?? "") + token.slice(21),
      token.slice(0, -1) + swap(token.at(-1) ?? ""),
      token.slice(0, -1),
      token + "A",
      ` ${token}`,
      token.replace(/./, "+"),
      "",
    ];
    for (const value of tampered) {
      expect(value).not.toBe(token);
      expect(await inspectActivationToken(value)).toBe("invalid");
      expect(await consumeActivationToken(value)).toMatchObject({ ok: false, reason: "invalid" });
    }
    for (const value of [undefined, null, 42, { token }, [token]]) {
      expect(await inspectActivationToken(value)).toBe("invalid");
      expect(await consumeActivationToken(value)).toMatchObject({ ok: false, reason: "invalid" });
    }
    // None of that touched the account; the real link still works.
    expect((await db.account.findFirstOrThrow({ where: { email: input.email } })).status).toBe("pending");
    expect(await consumeActivationToken(token, undefined, fromOwnAddress(), { password: PASSWORD })).toMatchObject({ ok: true });
  });
});
