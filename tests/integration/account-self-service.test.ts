import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { ACCOUNT_DELETED_SUBJECT, newAccount, OTHER_PASSWORD, PASSWORD, PASSWORD_CHANGED_SUBJECT, registerActive, signInAs } from "../support/fixtures";
import { inbox } from "../support/integration-context";
import { changePassword, createSession, deleteAccount, endOtherSessions, endSession, exportAccountData, getSessionAccount, listSessions, setOffers, signOutEverywhere, trustDevice, trustedDeviceOf } from "../support/flows";

async function activeWithTwoSessions() {
  const { input, miId } = await registerActive();
  const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
  const here = await createSession(account.id, new Date(), { browser: "Chrome on Android", ipGroup: "203.0.113.5" });
  const there = await createSession(account.id, new Date(), { browser: "Firefox on Windows", ipGroup: "198.51.100.0::/64" });
  const hereId = (await getSessionAccount(here.token))!.sessionId;
  return { input, miId, account, here, there, hereId };
}

describe("the account page's self-service", () => {
  it("lists where the person is signed in, and ends one session, or all others", async () => {
    const { account, here, there, hereId } = await activeWithTwoSessions();
    const listed = await listSessions(account.id);
    expect(listed.map((s) => s.browser).sort()).toEqual(["Chrome on Android", "Firefox on Windows"]);
    const thereId = listed.find((s) => s.browser === "Firefox on Windows")!.id;
    const stranger = await registerActive();
    const strangerAccount = await db.account.findFirstOrThrow({ where: { email: stranger.input.email } });
    expect(await endSession(strangerAccount.id, thereId)).toBe(false); // not theirs
    expect(await endSession(account.id, thereId)).toBe(true);
    expect(await getSessionAccount(there.token)).toBeNull();
    await createSession(account.id);
    expect(await endOtherSessions(account.id, hereId)).toBe(1);
    expect((await listSessions(account.id)).map((s) => s.id)).toEqual([hereId]);
    expect(await getSessionAccount(here.token)).not.toBeNull();
  });

  it("changes the password with the current one; other sessions end and a notice is mailed", async () => {
    const { input, account, here, there, hereId } = await activeWithTwoSessions();
    expect(await changePassword(account.id, { sessionId: hereId }, OTHER_PASSWORD, "Third-pass-3")).toEqual({ ok: false, reason: "wrong-password" });
    const changed = await changePassword(account.id, { sessionId: hereId }, PASSWORD, OTHER_PASSWORD);
    expect(changed).toMatchObject({ ok: true, session: { token: expect.any(String) } });
    // This browser stays signed in, under a new token: a copy of the old cookie no longer works.
    const rotated = changed.ok ? changed.session! : null;
    expect(rotated!.token).not.toBe(here.token);
    expect(await getSessionAccount(here.token)).toBeNull();
    expect((await getSessionAccount(rotated!.token))?.sessionId).toBe(hereId);
    expect(await getSessionAccount(there.token)).toBeNull();
    await inbox().waitForMail(input.email, { subject: PASSWORD_CHANGED_SUBJECT });
    expect((await signInAs(input.email, OTHER_PASSWORD)).ok).toBe(true);
    expect(await signInAs(input.email, PASSWORD)).toMatchObject({ ok: false });
  });

  it("forgets other trusted browsers when the password changes or the person signs out elsewhere", async () => {
    const { account, hereId } = await activeWithTwoSessions();
    const trusted = async () => (await Promise.all([0, 1, 2].map(() => trustDevice(account.id, undefined))))!.map((device) => device!.token);
    const known = async (tokens: string[]) => Promise.all(tokens.map(async (token) => Boolean(await trustedDeviceOf(token, account.id))));
    // Another account's trusted browser is never touched.
    const stranger = await db.account.findFirstOrThrow({ where: { email: (await registerActive()).input.email } });
    const strangers = (await trustDevice(stranger.id, undefined))!.token;

    const [mine, ...others] = await trusted();
    expect(await known([mine!, ...others])).toEqual([true, true, true]);
    expect((await changePassword(account.id, { sessionId: hereId, deviceToken: mine }, PASSWORD, OTHER_PASSWORD)).ok).toBe(true);
    expect(await known([mine!, ...others])).toEqual([true, false, false]);

    const [, ...more] = await trusted();
    const here = await createSession(account.id);
    const hereNow = (await getSessionAccount(here.token))!.sessionId;
    await endOtherSessions(account.id, hereNow, {}, new Date(), mine);
    expect(await known([mine!, ...more])).toEqual([true, false, false]);

    const [, ...again] = await trusted();
    await signOutEverywhere(account.id, {}, new Date(), mine);
    expect(await known([mine!, ...again])).toEqual([true, false, false]);
    await signOutEverywhere(account.id);
    expect(await known([mine!])).toEqual([false]);
    expect(await trustedDeviceOf(strangers, stranger.id)).toBeTruthy();
  });

  it("changes nothing when this browser's session ended while the password was being checked", async () => {
    const { account, here, hereId } = await activeWithTwoSessions();
    await db.session.deleteMany({ where: { accountId: account.id } }); // signed out everywhere, from another device
    expect(await changePassword(account.id, { sessionId: hereId }, PASSWORD, OTHER_PASSWORD)).toEqual({ ok: false, reason: "signed-out" });
    expect(await getSessionAccount(here.token)).toBeNull();
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).passwordHash).toBe(account.passwordHash);
    expect(await db.outboxMessage.count({ where: { reference: account.id, kind: "password_changed" } })).toBe(0);
  });

  it("counts wrong current passwords: the form is no guessing oracle", async () => {
    const { account, hereId } = await activeWithTwoSessions();
    for (let i = 0; i < 5; i++) expect(await changePassword(account.id, { sessionId: hereId }, `Wrong-${i}-pass`, "Third-pass-3")).toMatchObject({ reason: "wrong-password" });
    expect(await changePassword(account.id, { sessionId: hereId }, PASSWORD, "Third-pass-3")).toMatchObject({ ok: false, reason: "limited" });
  });

  it("keeps the offers choice and its date, and exports what the portal holds", async () => {
    const { account, miId, input } = await activeWithTwoSessions();
    const when = new Date("2026-11-26T10:00:00Z");
    await setOffers(account.id, false, when);
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).wantsOffers).toBe(false);
    const data = await exportAccountData(account.id);
    expect(data.account).toMatchObject({ miAccountId: miId, email: input.email, status: "active" });
    expect(data.consents.offersAndNews).toEqual({ subscribed: false, since: when.toISOString() });
    expect(data.sessions).toHaveLength(2);
    // Browsers in words, as before labels were stored as codes.
    expect(data.sessions.map((session) => session.browser).sort()).toEqual(["Chrome on Android", "Firefox on Windows"]);
    expect(data.recentActivity.map((a) => a.event)).toContain("offers_changed");
    expect(JSON.stringify(data)).not.toContain(account.passwordHash);
  });

  it("deletes the account with its password: rows gone, audit anonymised, the address free again, a goodbye sent", async () => {
    const { input, account, here } = await activeWithTwoSessions();
    expect(await deleteAccount(account.id, OTHER_PASSWORD)).toEqual({ ok: false, reason: "wrong-password" });
    expect(await deleteAccount(account.id, PASSWORD)).toEqual({ ok: true });
    expect(await db.account.count({ where: { id: account.id } })).toBe(0);
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.activationToken.count({ where: { accountId: account.id } })).toBe(0);
    expect(await getSessionAccount(here.token)).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { accountId: account.id } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((row) => row.ipGroup === null)).toBe(true);
    expect(audit.map((row) => row.event)).toContain("account_deleted");
    await inbox().waitForMail(input.email, { subject: ACCOUNT_DELETED_SUBJECT });
    const goodbye = await db.outboxMessage.findFirstOrThrow({ where: { kind: "account_deleted", status: "sent" }, orderBy: { createdAt: "desc" } });
    expect(goodbye.to).toBe("");
    // The address can register again.
    const again = await registerActive(newAccount({ email: input.email }));
    expect(again.outcome.kind).toBe("created");
  });

  it("counts wrong passwords typed to delete the account like the password change: then even the right one waits", async () => {
    const { account } = await activeWithTwoSessions();
    for (let i = 0; i < 5; i++) expect(await deleteAccount(account.id, `Wrong-${i}-pass`)).toEqual({ ok: false, reason: "wrong-password" });
    expect(await deleteAccount(account.id, PASSWORD)).toMatchObject({ ok: false, reason: "limited" });
    expect(await db.account.count({ where: { id: account.id } })).toBe(1);
  });
});
