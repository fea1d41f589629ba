import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { hashSecret } from "@/lib/server/security/secrets";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, deleteSession } from "@/lib/server/identity/sessions";
import { at, HOUR, MINUTE, PASSWORD, registerActive, signInAs } from "../support/fixtures";
import { createSession, getSessionAccount, signOut, signOutEverywhere } from "../support/flows";

async function signedIn(now: Date) {
  const { input, miId } = await registerActive();
  const result = await signInAs(input.email, PASSWORD, now);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { ...result, miId, email: input.email };
}

const sessionRows = (token: string) => db.session.count({ where: { tokenHash: hashSecret(token) } });

describe("sessions", () => {
  it("stores only the token's hash and ends 12 hours after sign-in", async () => {
    const t0 = new Date();
    const { token, expiresAt, miId } = await signedIn(t0);
    expect(expiresAt).toEqual(at(t0, SESSION_ABSOLUTE_MS));
    expect(await db.session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await sessionRows(token)).toBe(1);
    expect(await getSessionAccount(token, t0)).toMatchObject({ miId });
  });

  it("ends after more than 30 idle minutes, and deletes the row", async () => {
    const t0 = new Date();
    const { token, miId } = await signedIn(t0);
    expect(await getSessionAccount(token, at(t0, SESSION_IDLE_MS))).toMatchObject({ miId });
    // That use counted as activity: the idle clock restarted from it.
    const lastUse = at(t0, SESSION_IDLE_MS);
    expect(await getSessionAccount(token, at(lastUse, 29 * MINUTE))).toMatchObject({ miId });

    const { token: idle } = await signedIn(t0);
    expect(await getSessionAccount(idle, at(t0, SESSION_IDLE_MS + 1))).toBeNull();
    expect(await sessionRows(idle)).toBe(0);
    // Gone for good, even if asked again "earlier".
    expect(await getSessionAccount(idle, t0)).toBeNull();
  });

  it("ends 12 hours after sign-in even when used all along", async () => {
    const t0 = new Date();
    const { token, miId } = await signedIn(t0);
    for (let elapsed = 20 * MINUTE; elapsed < 12 * HOUR; elapsed += 20 * MINUTE) {
      expect(await getSessionAccount(token, at(t0, elapsed))).toMatchObject({ miId });
    }
    expect(await getSessionAccount(token, at(t0, 12 * HOUR))).toBeNull();
    expect(await sessionRows(token)).toBe(0);
  });

  it("refuses malformed and unknown tokens, and sessions of accounts that are not active", async () => {
    for (const token of [undefined, "", "not-a-token", "A".repeat(43)]) {
      expect(await getSessionAccount(token)).toBeNull();
    }
    const pending = await db.account.create({
      data: { miId: "1000000002", email: "pending-session@example.com", emailKey: "pending-session@example.com", country: "GB", wantsOffers: false, passwordHash: "x" },
    });
    const { token } = await createSession(pending.id);
    expect(await getSessionAccount(token)).toBeNull();
  });

  it("signs out everywhere: every session of the account ends, other accounts' sessions stay", async () => {
    const t0 = new Date();
    const { email, miId, token: laptop } = await signedIn(t0);
    const phone = await signInAs(email, PASSWORD, t0);
    if (!phone.ok) throw new Error("second sign-in failed");
    const { token: someoneElse, miId: otherMiId } = await signedIn(t0);
    const accountId = (await getSessionAccount(laptop, t0))?.id ?? "";
    expect(await getSessionAccount(phone.token, t0)).toMatchObject({ miId });

    expect(await signOutEverywhere(accountId, { ipGroup: "198.51.100.4" }, t0)).toBe(2);
    expect(await sessionRows(laptop)).toBe(0);
    expect(await sessionRows(phone.token)).toBe(0);
    expect(await getSessionAccount(laptop, t0)).toBeNull();
    expect(await getSessionAccount(phone.token, t0)).toBeNull();
    expect(await getSessionAccount(someoneElse, t0)).toMatchObject({ miId: otherMiId });
    expect(await db.auditEvent.findMany({ where: { accountId, event: "sign_out_everywhere" } })).toEqual([
      expect.objectContaining({ outcome: "ok", ipGroup: "198.51.100.4" }),
    ]);
  });

  it("audits a sign-out only when it ended a session, and a replaced session not at all", async () => {
    const t0 = new Date();
    const { token } = await signedIn(t0);
    const accountId = (await getSessionAccount(token, t0))?.id ?? "";
    const signOuts = () => db.auditEvent.count({ where: { accountId, event: "sign_out" } });

    expect(await signOut(token, { ipGroup: "192.0.2.9" }, t0)).toBe(true);
    expect(await sessionRows(token)).toBe(0);
    expect(await signOut(token, {}, t0)).toBe(false);
    expect(await signOut("not-a-token")).toBe(false);
    expect(await signOuts()).toBe(1);

    const { token: replaced } = await createSession(accountId, t0);
    await deleteSession(replaced);
    expect(await sessionRows(replaced)).toBe(0);
    expect(await signOuts()).toBe(1);
  });
});
