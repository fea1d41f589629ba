import { describe, expect, it } from "vitest";
import { PASSWORD_RESET_LIFETIME_MS } from "@/lib/server/flows/recovery/password-reset";
import { db } from "@/lib/server/db/client";
import { newSecret } from "@/lib/server/security/secrets";
import { at, newAccount, newEmail, OTHER_PASSWORD, PASSWORD, PASSWORD_CHANGED_SUBJECT, registerActive, registerPending, RESET_SUBJECT, SECOND, signInAs } from "../support/fixtures";
import { mailsTo, resetTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { completePasswordReset, createSession, getSessionAccount, inspectPasswordReset, requestPasswordReset, trustDevice, trustedDeviceOf } from "../support/flows";

let ip = 0;
const ctx = () => ({ ipGroup: `198.18.7.${++ip}` });

describe("forgot password", () => {
  it("mails a one-hour, single-use link; the new password works, the old one, every session and every trusted browser end", async () => {
    const { input, miId } = await registerActive();
    const accountId = (await db.account.findFirstOrThrow({ where: { email: input.email } })).id;
    const other = await createSession(accountId);
    const device = (await trustDevice(accountId, undefined))!.token;
    const resetting = (await trustDevice(accountId, undefined))!.token;
    expect(await trustedDeviceOf(device, accountId)).toBeTruthy();
    expect(await requestPasswordReset(miId, new Date(), ctx())).toBe("sent");
    const mail = await inbox().waitForMail(input.email, { subject: RESET_SUBJECT });
    const token = resetTokenFromMail(mail);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(`/reset?token=${token}`);
    expect(await inspectPasswordReset(token)).toBe("ready");
    expect(await inspectPasswordReset(token, at(new Date(), PASSWORD_RESET_LIFETIME_MS + SECOND))).toBe("expired");

    expect(await completePasswordReset(token, OTHER_PASSWORD, new Date(), ctx(), resetting)).toMatchObject({ ok: true, activatedMiId: null });
    expect(await getSessionAccount(other.token)).toBeNull();
    // A browser that knew the old password has no failure budget of its own any more; the resetting one keeps its.
    expect(await trustedDeviceOf(device, accountId)).toBeUndefined();
    expect(await trustedDeviceOf(resetting, accountId)).toBeTruthy();
    expect(await signInAs(input.email, PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
    expect((await signInAs(input.email, OTHER_PASSWORD)).ok).toBe(true);
    await inbox().waitForMail(input.email, { subject: PASSWORD_CHANGED_SUBJECT });
    // Used once: the link is dead now, and the outbox keeps no copy of it.
    expect(await inspectPasswordReset(token)).toBe("invalid");
    expect(await completePasswordReset(token, "Third-pass-3")).toEqual({ ok: false, reason: "invalid" });
    const rows = await db.outboxMessage.findMany({ where: { to: input.email, kind: "password_reset" } });
    expect(rows.every((row) => row.text === "" && row.html === "")).toBe(true);
  });

  it("answers alike for unknown identifiers and sends nothing", async () => {
    inbox().clear();
    expect(await requestPasswordReset(newEmail("nobody"), new Date(), ctx())).toBe("unknown");
    expect(await requestPasswordReset("1000000009", new Date(), ctx())).toBe("unknown");
    expect(inbox().messages()).toEqual([]);
  });

  it("a newer link ends the earlier one; two racing presses change the password once", async () => {
    const { input } = await registerActive();
    await requestPasswordReset(input.email.toUpperCase(), new Date(), ctx());
    const first = resetTokenFromMail(await inbox().waitForMail(input.email, { subject: RESET_SUBJECT }));
    await requestPasswordReset(input.email, new Date(), ctx());
    const second = resetTokenFromMail(mailsTo(inbox(), input.email, RESET_SUBJECT).at(-1)!);
    expect(await inspectPasswordReset(first)).toBe("invalid");
    const results = await Promise.all([completePasswordReset(second, OTHER_PASSWORD), completePasswordReset(second, "Third-pass-3")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { event: "password_reset", accountId: (await db.account.findFirstOrThrow({ where: { email: input.email } })).id } })).toBe(1);
  });

  it("a pending account that completes a reset is activated, and its Mi Account ID is shown", async () => {
    const { input } = await registerPending(newAccount());
    await requestPasswordReset(input.email, new Date(), ctx());
    const token = resetTokenFromMail(await inbox().waitForMail(input.email, { subject: RESET_SUBJECT }));
    const result = await completePasswordReset(token, OTHER_PASSWORD);
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    expect(result).toEqual({ ok: true, email: input.email, activatedMiId: account.miId });
    expect(account.status).toBe("active");
    expect((await signInAs(input.email, OTHER_PASSWORD)).ok).toBe(true);
  });

  it("counts requests per typed identifier and per address group, whoever they name", async () => {
    const email = newEmail("limited");
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await requestPasswordReset(email, new Date(), ctx()));
    expect(results).toEqual(["unknown", "unknown", "unknown", "unknown", "unknown", "limited"]);
    const sameIp = { ipGroup: "198.18.9.9" };
    const fromOne = [];
    for (let i = 0; i < 11; i++) fromOne.push(await requestPasswordReset(newEmail("spray"), new Date(), sameIp));
    expect(fromOne.at(-1)).toBe("limited");
    expect(await requestPasswordReset(newSecret(), new Date(), ctx())).toBe("unknown");
  });
});
