import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { passkeySignInOptions, signInWithPasskey } from "@/lib/server/flows/login/passkey-sign-in";
import { finishAddingPasskey, removePasskey, startAddingPasskey } from "@/lib/server/flows/settings/passkeys";
import { acrOf, ACR } from "@/lib/server/oidc/claims";
import { CHALLENGE_LIFETIME_MS } from "@/lib/server/methods/passkey/challenges";
import { listPasskeys, MAX_PASSKEYS, relyingParty } from "@/lib/server/methods/passkey/passkeys";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { english as messages } from "../support/messages";
import { at, MINUTE, PASSWORD, registerActive } from "../support/fixtures";
import { context, getSessionAccount } from "../support/flows";
import { inbox } from "../support/integration-context";
import { SoftAuthenticator } from "../support/soft-authenticator";

// Passkeys through their flows, on the database of the run, answered by a software authenticator that builds the
// same bytes a phone or security key would: adding one (after the password), signing in with it (both steps at
// once: amr hwk/swk + mfa), and everything that must be refused: a challenge used twice, too late, for another
// account or from another origin; no user verification; a counter going back; a removed passkey; a burst of
// challenges from one address. The browser's side runs in tests/e2e/passkeys.spec.ts.

const rp = relyingParty();
let ipCount = 0;
/** A request from an address group of its own, so the per-address challenge limit of one test touches no other. */
const from = (now = new Date()) => context(now, { ipGroup: `203.0.113.${++ipCount}-${process.pid}` });
const authenticator = (extra: { synced?: boolean; keepsCounter?: boolean } = {}) => new SoftAuthenticator({ origin: rp.origin, rpId: rp.id, ...extra });

async function activeAccount() {
  const { input, miId } = await registerActive();
  const account = await db.account.findUniqueOrThrow({ where: { miId } });
  return { account, email: input.email };
}

/** Adds `key` to the account as `name`, through both halves of the ceremony. */
async function addPasskey(accountId: string, key: SoftAuthenticator, name = "My phone", now = new Date()) {
  const started = await startAddingPasskey({ accountId, name, password: PASSWORD }, from(now));
  if (!started.ok) throw new Error(`adding refused: ${started.reason}`);
  return finishAddingPasskey({ accountId, response: key.create(started.options) }, from(now));
}

async function signInOptions(now = new Date()) {
  const options = await passkeySignInOptions(from(now));
  if (!options.ok) throw new Error("challenge refused");
  return options.options;
}

const signInWith = (response: ReturnType<SoftAuthenticator["get"]>, now = new Date()) => signInWithPasskey({ response, browser: {} }, from(now));

describe("adding a passkey", () => {
  it("asks the password first, then keeps the passkey with its name, counter and flags; mails a notice and writes the audit row", async () => {
    const { account, email } = await activeAccount();
    const refused = await startAddingPasskey({ accountId: account.id, name: "Phone", password: "not-the-password1" }, from());
    expect(refused).toEqual({ ok: false, reason: "wrong-password" });

    const started = await startAddingPasskey({ accountId: account.id, name: "Phone", password: PASSWORD }, from());
    if (!started.ok) throw new Error(started.reason);
    expect(started.options.rp).toEqual({ id: "localhost", name: "Mi Account" });
    expect(started.options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    // The user handle is the internal id: no email, phone number or Mi Account ID stored on the authenticator.
    expect(Buffer.from(started.options.user.id, "base64url").toString("utf8")).toBe(account.id);

    const key = authenticator({ synced: true });
    expect(await finishAddingPasskey({ accountId: account.id, response: key.create(started.options) }, from())).toEqual({ ok: true, name: "Phone" });
    const row = await db.passkey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row).toMatchObject({ accountId: account.id, name: "Phone", counter: 0, backedUp: true, deviceType: "multiDevice", transports: "internal", lastUsedAt: null });
    expect((await listPasskeys({ accountId: account.id })).map((p) => [p.name, p.synced])).toEqual([["Phone", true]]);

    const mail = await inbox().waitForMail(email, { subject: messages.emails.twoStep.passkeyAddedSubject });
    expect(mail.text).toContain("\u201cPhone\u201d");
    // Only what happened: the refused password wrote no "passkey added" row.
    const audit = await db.auditEvent.findMany({ where: { accountId: account.id, event: { in: ["passkey_added"] } }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.outcome)).toEqual(["ok"]);
  });

  it("refuses an answer without user verification, from another origin, for another account, twice, or too late", async () => {
    const { account } = await activeAccount();
    const other = await activeAccount();
    const t0 = new Date();
    const start = async () => {
      const started = await startAddingPasskey({ accountId: account.id, name: "Key", password: PASSWORD }, from(t0));
      if (!started.ok) throw new Error(started.reason);
      return started.options;
    };
    const key = authenticator();
    const finish = (response: ReturnType<SoftAuthenticator["create"]>, accountId = account.id, now = t0) => finishAddingPasskey({ accountId, response }, from(now));

    expect(await finish(key.create(await start(), { userVerified: false }))).toEqual({ ok: false, reason: "failed" });
    expect(await finish(key.create(await start(), { origin: "https://evil.example" }))).toEqual({ ok: false, reason: "failed" });
    expect(await finish(key.create(await start(), { rpId: "evil.example" }))).toEqual({ ok: false, reason: "failed" });
    expect(await finish(key.create(await start()), other.account.id)).toEqual({ ok: false, reason: "expired" });
    expect(await finish(key.create(await start()), account.id, at(t0, CHALLENGE_LIFETIME_MS + MINUTE))).toEqual({ ok: false, reason: "expired" });
    expect(await db.passkey.count({ where: { accountId: { in: [account.id, other.account.id] } } })).toBe(0);

    const answer = key.create(await start());
    expect((await finish(answer)).ok).toBe(true);
    expect(await finish(answer)).toEqual({ ok: false, reason: "expired" });
    expect(await db.passkey.count({ where: { accountId: account.id } })).toBe(1);
  });

  it(`stops at ${MAX_PASSKEYS} passkeys, also when the last two ceremonies finish at once`, async () => {
    const { account } = await activeAccount();
    for (let i = 0; i < MAX_PASSKEYS - 1; i++) expect((await addPasskey(account.id, authenticator(), `Key ${i}`)).ok).toBe(true);
    // Both started with room for one more.
    const starts = await Promise.all([0, 1].map(() => startAddingPasskey({ accountId: account.id, name: "Last", password: PASSWORD }, from())));
    const finished = await Promise.all(
      starts.map((started) => {
        if (!started.ok) throw new Error(started.reason);
        return finishAddingPasskey({ accountId: account.id, response: authenticator().create(started.options) }, from());
      }),
    );
    const count = await db.passkey.count({ where: { accountId: account.id } });
    expect(count).toBeLessThanOrEqual(MAX_PASSKEYS);
    expect(finished.filter((f) => f.ok)).toHaveLength(count - (MAX_PASSKEYS - 1));
    if (count < MAX_PASSKEYS) expect((await addPasskey(account.id, authenticator(), "Tenth")).ok).toBe(true);
    expect(await startAddingPasskey({ accountId: account.id, name: "One more", password: PASSWORD }, from())).toEqual({ ok: false, reason: "too-many" });
  });
});

describe("signing in with a passkey", () => {
  it("starts a session as both steps (hwk for a key on one device, swk for a synced one), no identifier typed", async () => {
    const { account } = await activeAccount();
    const deviceKey = authenticator({ keepsCounter: true });
    const syncedKey = authenticator({ synced: true });
    await addPasskey(account.id, deviceKey, "Security key");
    await addPasskey(account.id, syncedKey, "Password manager");

    const options = await signInOptions();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.allowCredentials ?? []).toEqual([]);

    const signedIn = await signInWith(deviceKey.get(options));
    if (!signedIn.ok) throw new Error(signedIn.reason);
    const session = await getSessionAccount(signedIn.token);
    expect(session?.id).toBe(account.id);
    expect(session?.amr).toEqual(["hwk", "mfa"]);
    expect(acrOf(session!.amr)).toBe(ACR.twoStep);
    expect(await db.passkey.findUniqueOrThrow({ where: { id: deviceKey.id } })).toMatchObject({ counter: 1, lastUsedAt: expect.any(Date) });

    const synced = await signInWith(syncedKey.get(await signInOptions()));
    if (!synced.ok) throw new Error(synced.reason);
    expect((await getSessionAccount(synced.token))?.amr).toEqual(["swk", "mfa"]);
    const audit = await db.auditEvent.findMany({ where: { accountId: account.id, event: "sign_in" } });
    expect(audit.map((a) => a.outcome)).toEqual(["ok-passkey", "ok-passkey"]);
  });

  it("uses each challenge once, even when the same answer arrives twice at once", async () => {
    const { account } = await activeAccount();
    const key = authenticator();
    await addPasskey(account.id, key);
    const answer = key.get(await signInOptions());
    const results = await Promise.all([signInWith(answer), signInWith(answer), signInWith(answer)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["expired", "expired"]);
  });

  it("refuses a late answer, one without user verification, one from another origin, and a counter that goes back", async () => {
    const { account } = await activeAccount();
    const key = authenticator({ keepsCounter: true });
    await addPasskey(account.id, key);
    const t0 = new Date();
    expect(await signInWith(key.get(await signInOptions(t0)), at(t0, CHALLENGE_LIFETIME_MS + 1))).toEqual({ ok: false, reason: "expired" });
    expect(await signInWith(key.get(await signInOptions(), { userVerified: false }))).toEqual({ ok: false, reason: "failed" });
    expect(await signInWith(key.get(await signInOptions(), { origin: "https://evil.example" }))).toEqual({ ok: false, reason: "failed" });
    expect((await signInWith(key.get(await signInOptions(), { counter: 10 }))).ok).toBe(true);
    // A clone of the key, still at an older count.
    expect(await signInWith(key.get(await signInOptions(), { counter: 7 }))).toEqual({ ok: false, reason: "failed" });
    // A count past what is kept (WebAuthn's is 32 bits unsigned): refused, not a 500.
    expect(await signInWith(key.get(await signInOptions(), { counter: 2 ** 32 - 1 }))).toEqual({ ok: false, reason: "failed" });
    expect(await db.passkey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ counter: 10 });
    // The late answer named no account: its challenge was dead before its passkey was looked up.
    const failures = await db.auditEvent.findMany({ where: { accountId: account.id, event: "sign_in_failed" } });
    expect(failures.map((f) => f.outcome).sort()).toEqual(["passkey-failed", "passkey-failed", "passkey-failed", "passkey-failed"]);
  });

  it("looks at no passkey before its challenge is used up: a made-up challenge is 'expired' for a known and an unknown passkey alike", async () => {
    const { account } = await activeAccount();
    const key = authenticator();
    await addPasskey(account.id, key);
    const madeUp = { challenge: Buffer.from("not one of ours").toString("base64url") };
    expect(await signInWith(key.get(madeUp))).toEqual({ ok: false, reason: "expired" });
    expect(await signInWith(authenticator().get(madeUp))).toEqual({ ok: false, reason: "expired" });
  });

  it("says a passkey no account has is unknown, and spends its challenge", async () => {
    const stranger = authenticator();
    const options = await signInOptions();
    expect(await signInWith(stranger.get(options))).toEqual({ ok: false, reason: "unknown" });
    const { account } = await activeAccount();
    const key = authenticator();
    await addPasskey(account.id, key);
    expect(await signInWith(key.get(options))).toEqual({ ok: false, reason: "expired" });
  });

  it(`hands one address group ${LIMITS.passkeyChallengesPerIp.points} challenges a minute, then says when to come back`, async () => {
    const caller = context(new Date(), { ipGroup: `198.18.0.1-${process.pid}` });
    const answers = await Promise.all(Array.from({ length: LIMITS.passkeyChallengesPerIp.points + 5 }, () => passkeySignInOptions(caller)));
    expect(answers.filter((a) => a.ok)).toHaveLength(LIMITS.passkeyChallengesPerIp.points);
    expect(answers.find((a) => !a.ok)).toMatchObject({ ok: false, reason: "limited", retryAfterMs: expect.any(Number) });
  });
});

describe("removing a passkey", () => {
  it("asks the password; then the passkey no longer signs in, and the owner is told", async () => {
    const { account, email } = await activeAccount();
    const key = authenticator();
    await addPasskey(account.id, key, "Old phone");
    expect(await removePasskey({ accountId: account.id, passkeyId: key.id, password: "wrong-password-1" }, from())).toEqual({ ok: false, reason: "wrong-password" });
    expect(await db.passkey.count({ where: { id: key.id } })).toBe(1);
    expect(await removePasskey({ accountId: account.id, passkeyId: key.id, password: PASSWORD }, from())).toEqual({ ok: true, name: "Old phone" });
    expect(await removePasskey({ accountId: account.id, passkeyId: key.id, password: PASSWORD }, from())).toEqual({ ok: false, reason: "gone" });
    expect(await signInWith(key.get(await signInOptions()))).toEqual({ ok: false, reason: "unknown" });
    expect((await inbox().waitForMail(email, { subject: messages.emails.twoStep.passkeyRemovedSubject })).text).toContain("\u201cOld phone\u201d");
  });

  it("removes only the signed-in account's own passkeys", async () => {
    const owner = await activeAccount();
    const other = await activeAccount();
    const key = authenticator();
    await addPasskey(owner.account.id, key);
    expect(await removePasskey({ accountId: other.account.id, passkeyId: key.id, password: PASSWORD }, from())).toEqual({ ok: false, reason: "gone" });
    expect(await db.passkey.count({ where: { id: key.id } })).toBe(1);
  });
});
