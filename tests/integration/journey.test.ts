import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/config/env";
import { english as messages } from "../support/messages";
import { hashSecret } from "@/lib/server/security/secrets";
import { deleteSession } from "@/lib/server/identity/sessions";
import { fromOwnAddress, newAccount, newEmail, PASSWORD, registerActive, registrationOutcome, signInAs } from "../support/fixtures";
import { activationTokenFromMail, activationUrlFromMail, linkHref } from "../support/inbox";
import { sql } from "../support/database";
import { databaseUrl, inbox, logLines } from "../support/integration-context";
import { consumeActivationToken, getSessionAccount, inspectActivationToken, registerAccount } from "../support/flows";

describe("test wiring", () => {
  it("lib/env read the environment that setup.ts set before this file imported lib/", () => {
    expect(env.DATABASE_URL).toBe(databaseUrl());
    expect(env.SMTP_URL).toBe(inbox().url);
    expect(env.APP_URL).toBe("http://localhost:3999");
    expect(env.BCRYPT_COST).toBe(4);
  });

  it("the db client writes to this file's own database", async () => {
    const email = newEmail("wiring");
    await db.account.create({
      data: { miId: "1000000001", email, emailKey: email, country: "GB", wantsOffers: false, passwordHash: "x" },
    });
    // Read the database directly, bypassing Prisma.
    expect(await sql(databaseUrl(), 'SELECT "email" FROM "Account" WHERE "miId" = ?', "1000000001")).toEqual([{ email }]);
    await db.account.delete({ where: { emailKey: email } });
  });
});

describe("register → activate → sign in → sign out", () => {
  it("works end to end through real SMTP and the database", async () => {
    const input = newAccount({ country: "ES", wantsOffers: true });
    const outcome = await registerAccount(input);
    expect(outcome).toEqual(registrationOutcome("created", "sent"));

    const mail = await inbox().waitForMail(input.email);
    expect(mail.subject).toBe("Activate your Mi Account");
    expect(mail.from).toBe("no-reply@mi-account.test");
    const url = activationUrlFromMail(mail);
    expect(url).toMatch(/^http:\/\/localhost:3999\/activate\?token=[A-Za-z0-9_-]{43}&lang=en$/);
    // The HTML button leads to the same link as the text part.
    expect(linkHref(mail.html, messages.emails.activation.button)).toBe(url);

    const token = activationTokenFromMail(mail);
    expect(await inspectActivationToken(token)).toBe("needs-password");
    // Inspecting does not use the link up.
    expect(await inspectActivationToken(token)).toBe("needs-password");

    const activated = await consumeActivationToken(token, undefined, fromOwnAddress(), { password: input.password });
    expect(activated).toEqual({ ok: true, miId: expect.stringMatching(/^[1-9]\d{9}$/), email: input.email });
    if (!activated.ok) return;
    expect(await consumeActivationToken(token)).toEqual({ ok: false, reason: "already-active" });
    expect(await inspectActivationToken(token)).toBe("already-active");

    const byEmail = await signInAs(input.email, PASSWORD);
    const byMiId = await signInAs(` ${activated.miId} `, PASSWORD);
    expect(byEmail.ok && byMiId.ok).toBe(true);
    if (!byEmail.ok || !byMiId.ok) return;
    expect(byEmail.token).not.toBe(byMiId.token);

    expect(await getSessionAccount(byEmail.token)).toEqual({
      id: expect.any(String),
      sessionId: expect.any(String),
      signedInAt: expect.any(Date),
      miId: activated.miId,
      email: input.email,
      phone: null,
      country: "ES",
      wantsOffers: true,
      amr: ["pwd"],
    });
    await deleteSession(byEmail.token);
    expect(await getSessionAccount(byEmail.token)).toBeNull();
    // Signing out one session leaves the other alone.
    expect(await getSessionAccount(byMiId.token)).toMatchObject({ miId: activated.miId });

    // Only hashes are stored, and nothing secret reaches the logs.
    const row = await db.account.findFirstOrThrow({ where: { email: input.email } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(await db.activationToken.count({ where: { tokenHash: hashSecret(token) } })).toBe(1);
    expect(await db.activationToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.session.count({ where: { tokenHash: hashSecret(byMiId.token) } })).toBe(1);
    expect(await db.session.count({ where: { tokenHash: byMiId.token } })).toBe(0);
    const logs = logLines.join("\n");
    expect(logs).toContain("registration.created");
    for (const secret of [PASSWORD, token, byEmail.token, byMiId.token]) expect(logs).not.toContain(secret);
  });

  it("signs in with the email's domain in another case, as typed at registration", async () => {
    const input = newAccount({ email: newEmail("Case.Kept") });
    await registerActive(input);
    const [local, domain] = input.email.split("@");
    const result = await signInAs(`  ${local}@${domain?.toUpperCase()}  `, PASSWORD);
    expect(result.ok).toBe(true);
    // One account per mailbox: the local part in another case is the same account.
    expect((await signInAs(input.email.toLowerCase(), PASSWORD)).ok).toBe(true);
    expect((await signInAs(input.email.toUpperCase(), PASSWORD)).ok).toBe(true);
  });
});

describe("sign-in failures", () => {
  it("answers 'invalid' alike for a wrong password and an unknown account", async () => {
    const { input, miId } = await registerActive();
    expect(await signInAs(input.email, "Wrong#pass1")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signInAs(miId, "Wrong#pass1")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signInAs(newEmail("nobody"), PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signInAs("9999999999", PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("answers a pending account like a wrong password, even with its own password (issue 21: no register-then-sign-in oracle)", async () => {
    const input = newAccount();
    await registerAccount(input);
    expect(await signInAs(input.email, PASSWORD)).toEqual({ ok: false, reason: "invalid", captchaRequired: false });
    expect(await signInAs(input.email, "Wrong#pass1")).toMatchObject({ ok: false, reason: "invalid" });
    expect(await db.session.count({ where: { account: { email: input.email } } })).toBe(0);
  });
});
