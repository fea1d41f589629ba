import bcrypt from "bcrypt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { sql } from "@/lib/server/db/sql";
import { findAccountToSignIn, rehashPassword } from "@/lib/server/db/tables/accounts";
import { signIn } from "@/lib/server/flows/login/sign-in";
import { hasAuthenticatorApp } from "@/lib/server/methods/authenticator-app/app";
import { reserveSignInAttempt, resetSignInThrottle, SIGN_IN_FAILURES_KEPT_MS, SIGN_IN_LIMITS } from "@/lib/server/flows/login/throttle";
import { plainContext } from "@/lib/server/flows/context";
import { newMiId } from "@/lib/server/identity/mi-id";
import { hashPassword, verifyPassword } from "@/lib/server/identity/passwords";
import { createSession, listSessions, SESSION_ABSOLUTE_MS } from "@/lib/server/identity/sessions";
import { forgetTrustedDevices, SECOND_STEP_TRUST_MS, skipSecondStepFor, TRUSTED_DEVICE_LIFETIME_MS, trustDevice, trustedBrowserOf, trustedDeviceOf } from "@/lib/server/identity/trusted-devices";
import { listRecentAudit, recordAudit } from "@/lib/server/security/audit";
import { countAttempt, liveCount, LIMITS, refundAttempt } from "@/lib/server/security/rate-limit";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";
import { at, HOUR, MINUTE, newEmail, PASSWORD, SECOND } from "../support/fixtures";

// The contract between the two ways into the database: every row the hand-written SQL path writes (lib/server/db/
// sql.ts, through the per-table modules of db/tables/) must read back through the Prisma client exactly as if the
// client had written it — every column, timestamps as Date to the millisecond, enum values by their Prisma name,
// integers as numbers, NULL as null — and the client's filters and ordering must treat such a row like its own.
// Run on SQLite and on PostgreSQL (TEST_DATABASE=postgres): the two drivers store and return values differently.

afterEach(() => {
  vi.useRealTimers();
});

/** A timestamp with milliseconds, in the future (so no sweep or expiry touches it), distinct per call. */
let clock = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
const nextInstant = () => new Date((clock += HOUR + 7));

/** An account written by the Prisma client, as registration writes one. */
async function prismaAccount(overrides: { status?: "pending" | "active"; passwordHash?: string; locale?: string } = {}) {
  const email = newEmail("contract");
  return db.account.create({
    data: {
      miId: newMiId(),
      email,
      emailKey: emailKey(email),
      country: "GB",
      wantsOffers: false,
      passwordHash: overrides.passwordHash ?? (await hashPassword(PASSWORD)),
      status: overrides.status ?? "active",
      locale: overrides.locale ?? "en",
    },
  });
}

/**
 * The client's own equality filter on each column of `row` (as the client read it back) finds the row. The client
 * reads a timestamp stored as epoch milliseconds, as "YYYY-MM-DD hh:mm:ss" or ending in "Z" as the same Date it
 * stores as "…+00:00" text on SQLite; only its filters, which compare what is stored, tell them apart.
 */
async function expectFoundByEveryColumn(count: (where: Record<string, unknown>) => Promise<number>, key: Record<string, unknown>, row: Record<string, unknown>) {
  for (const [column, value] of Object.entries(row)) expect(await count({ ...key, [column]: value }), `the client's filter on ${column}`).toBe(1);
}

const sessions = (where: Record<string, unknown>) => db.session.count({ where: where as never });
const devices = (where: Record<string, unknown>) => db.trustedDevice.count({ where: where as never });
const auditEvents = (where: Record<string, unknown>) => db.auditEvent.count({ where: where as never });
const counters = (where: Record<string, unknown>) => db.rateLimitCounter.count({ where: where as never });
const throttles = (where: Record<string, unknown>) => db.signInThrottle.count({ where: where as never });
const accounts = (where: Record<string, unknown>) => db.account.count({ where: where as never });

const CUID = /^c[0-9a-z]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Session rows written by hand (identity/sessions.ts createSession)", () => {
  it("read back through the client column for column, with Dates and NULLs", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    const { token, expiresAt } = await createSession({ accountId: account.id, browser: "Firefox on Linux", ipGroup: "2001:db8:1:2::/64", amr: ["pwd", "otp", "mfa"], now });
    expect(expiresAt).toEqual(at(now, SESSION_ABSOLUTE_MS));
    const row = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) } });
    expect(row).toEqual({
      tokenHash: hashSecret(token),
      id: expect.stringMatching(UUID),
      accountId: account.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: at(now, SESSION_ABSOLUTE_MS),
      browser: "Firefox on Linux",
      ipGroup: "2001:db8:1:2::/64",
      amr: "pwd otp mfa",
    });
    for (const column of [row.createdAt, row.lastSeenAt, row.expiresAt]) expect(column).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(sessions, { tokenHash: row.tokenHash }, row);

    const bare = await createSession({ accountId: account.id, now });
    const bareRow = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSecret(bare.token) } });
    expect(bareRow).toMatchObject({ browser: null, ipGroup: null });
    await expectFoundByEveryColumn(sessions, { tokenHash: bareRow.tokenHash }, bareRow);
    // The client's own look-ups by the other unique key and by the relation find the row.
    expect(await db.session.findUnique({ where: { id: row.id }, select: { tokenHash: true } })).toEqual({ tokenHash: row.tokenHash });
    expect(await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { _count: { select: { sessions: true } } } })).toEqual({ _count: { sessions: 2 } });
  });

  it("compare and sort against the client's own rows by their timestamps, to the millisecond", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    const handWritten = await createSession({ accountId: account.id, browser: "by hand", now });
    // The client's rows a millisecond either side.
    await db.session.create({ data: { tokenHash: hashSecret(newSecret()), accountId: account.id, createdAt: at(now, -1), lastSeenAt: at(now, -1), expiresAt: at(now, SESSION_ABSOLUTE_MS), browser: "before" } });
    await db.session.create({ data: { tokenHash: hashSecret(newSecret()), accountId: account.id, createdAt: at(now, 1), lastSeenAt: at(now, 1), expiresAt: at(now, SESSION_ABSOLUTE_MS), browser: "after" } });
    expect((await listSessions(account.id, at(now, SECOND))).map((session) => session.browser)).toEqual(["after", "by hand", "before"]);

    const tokenHash = hashSecret(handWritten.token);
    const matches = (where: object) => db.session.count({ where: { tokenHash, ...where } });
    expect(await matches({ lastSeenAt: now })).toBe(1);
    expect(await matches({ lastSeenAt: { gt: at(now, -1), lt: at(now, 1) } })).toBe(1);
    expect(await matches({ lastSeenAt: { gt: now } })).toBe(0);
    expect(await matches({ expiresAt: { lte: at(now, SESSION_ABSOLUTE_MS - 1) } })).toBe(0);
    expect(await matches({ expiresAt: { lte: at(now, SESSION_ABSOLUTE_MS) } })).toBe(1);
  });
});

describe("TrustedDevice rows written by hand (identity/trusted-devices.ts)", () => {
  it("read back through the client column for column, and a later use moves only lastUsedAt", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    const issued = await trustDevice({ accountId: account.id, currentToken: undefined, now });
    expect(issued).toEqual({ token: expect.any(String), expiresAt: at(now, TRUSTED_DEVICE_LIFETIME_MS) });
    const tokenHash = hashSecret(issued!.token);
    const row = await db.trustedDevice.findUniqueOrThrow({ where: { tokenHash } });
    expect(row).toEqual({ tokenHash, accountId: account.id, createdAt: now, lastUsedAt: now, expiresAt: at(now, TRUSTED_DEVICE_LIFETIME_MS), secondStepSkippedUntil: null });
    for (const column of [row.createdAt, row.lastUsedAt, row.expiresAt]) expect(column).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(devices, { tokenHash }, row);

    const later = at(now, 3 * MINUTE + 21);
    expect(await trustDevice({ accountId: account.id, currentToken: issued!.token, now: later })).toBeNull();
    expect(await db.trustedDevice.findUniqueOrThrow({ where: { tokenHash } })).toEqual({ ...row, lastUsedAt: later });
    await expectFoundByEveryColumn(devices, { tokenHash }, { ...row, lastUsedAt: later });
    // The client's filters see the hand-written timestamps as the Dates they are.
    expect(await db.trustedDevice.count({ where: { tokenHash, lastUsedAt: later, expiresAt: { gt: at(now, TRUSTED_DEVICE_LIFETIME_MS - 1) } } })).toBe(1);
    expect(await db.trustedDevice.count({ where: { tokenHash, expiresAt: { lte: at(now, TRUSTED_DEVICE_LIFETIME_MS - 1) } } })).toBe(0);

    // "Trust this browser" of the second step, written by the client, read by hand (findTrustedDevice): the same
    // instant, on either side of it.
    await skipSecondStepFor({ token: issued!.token, accountId: account.id, now: later });
    const skipped = await db.trustedDevice.findUniqueOrThrow({ where: { tokenHash } });
    expect(skipped.secondStepSkippedUntil).toEqual(at(later, SECOND_STEP_TRUST_MS));
    expect(await trustedBrowserOf({ token: issued!.token, accountId: account.id, now: at(later, SECOND_STEP_TRUST_MS - 1) })).toEqual({ tokenHash, skipsSecondStep: true });
    expect(await trustedBrowserOf({ token: issued!.token, accountId: account.id, now: at(later, SECOND_STEP_TRUST_MS) })).toEqual({ tokenHash, skipsSecondStep: false });
  });

  it("is told apart from the client's own rows by the hand-written reader, and forgotten by the client", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    const known = newSecret();
    await db.trustedDevice.create({ data: { tokenHash: hashSecret(known), accountId: account.id, createdAt: now, lastUsedAt: now, expiresAt: at(now, HOUR) } });
    // The hand-written reader reads the client's row: live until its expiry, to the millisecond.
    expect(await trustedDeviceOf({ token: known, accountId: account.id, now: at(now, HOUR - 1) })).toBe(hashSecret(known));
    expect(await trustedDeviceOf({ token: known, accountId: account.id, now: at(now, HOUR) })).toBeUndefined();

    const handWritten = await trustDevice({ accountId: account.id, currentToken: undefined, now });
    await forgetTrustedDevices(db, { accountId: account.id, keepToken: handWritten!.token });
    expect((await db.trustedDevice.findMany({ where: { accountId: account.id } })).map((row) => row.tokenHash)).toEqual([hashSecret(handWritten!.token)]);
  });
});

describe("AuditEvent rows written by hand (security/audit.ts recordAudit)", () => {
  it("read back through the client column for column: a cuid id, the enum by its Prisma name, NULLs", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    await recordAudit({ by: "owner", event: "sign_in_failed", outcome: "wrong-password", accountId: account.id, ipGroup: "203.0.113.7" }, now);
    await recordAudit({ by: "owner", event: "password_reset_requested", outcome: "unknown" }, at(now, 1));
    const [row] = await db.auditEvent.findMany({ where: { accountId: account.id } });
    expect(row).toEqual({ id: expect.stringMatching(CUID), at: now, event: "sign_in_failed", outcome: "wrong-password", accountId: account.id, ipGroup: "203.0.113.7" });
    expect(row!.at).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(auditEvents, { id: row!.id }, row!);
    const anonymous = await db.auditEvent.findFirstOrThrow({ where: { outcome: "unknown", at: { gte: at(now, 1), lte: at(now, 1) } } });
    expect(anonymous).toEqual({ id: expect.stringMatching(CUID), at: at(now, 1), event: "password_reset_requested", outcome: "unknown", accountId: null, ipGroup: null });
    await expectFoundByEveryColumn(auditEvents, { id: anonymous.id }, anonymous);
    // The client filters by the enum and by NULL as it would its own rows.
    expect(await db.auditEvent.count({ where: { id: row!.id, event: "sign_in_failed" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { id: row!.id, event: "sign_in" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { id: anonymous.id, accountId: null, ipGroup: null } })).toBe(1);
  });

  it("sort with the client's own rows by time", async () => {
    const account = await prismaAccount();
    const now = nextInstant();
    await db.auditEvent.create({ data: { at: at(now, -1), event: "sign_in", outcome: "client-before", accountId: account.id } });
    await recordAudit({ by: "owner", event: "sign_in", outcome: "by-hand", accountId: account.id }, now);
    await db.auditEvent.create({ data: { at: at(now, 1), event: "sign_in", outcome: "client-after", accountId: account.id } });
    expect((await listRecentAudit(account.id)).map((row) => row.outcome)).toEqual(["client-after", "by-hand", "client-before"]);
  });
});

describe("RateLimitCounter rows written by hand (security/rate-limit.ts countAttempt, refundAttempt)", () => {
  const limit = LIMITS.registrationPerIp;
  const newKey = () => `contract-${newSecret()}`;

  it("read back through the client column for column, through a window and the next", async () => {
    const t0 = new Date("2031-05-06T07:08:09.123Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    const key = newKey();
    const stored = `${limit.keyPrefix}:${key}`;
    const expire = at(t0, limit.durationSec * SECOND);
    expect(await countAttempt({ limit, key })).toEqual({ count: 1, retryAfterMs: limit.durationSec * SECOND });
    const row = await db.rateLimitCounter.findUniqueOrThrow({ where: { key: stored } });
    expect(row).toEqual({ key: stored, points: 1, expire });
    expect(row.expire).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(counters, { key: stored }, row);

    vi.setSystemTime(at(t0, MINUTE));
    expect(await countAttempt({ limit, key })).toEqual({ count: 2, retryAfterMs: limit.durationSec * SECOND - MINUTE });
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: stored } })).toEqual({ key: stored, points: 2, expire });
    await expectFoundByEveryColumn(counters, { key: stored }, { key: stored, points: 2, expire });
    await refundAttempt({ limit, key });
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: stored } })).toEqual({ key: stored, points: 1, expire });
    await expectFoundByEveryColumn(counters, { key: stored }, { key: stored, points: 1, expire });

    // At the window's end a new one starts at 1.
    vi.setSystemTime(expire);
    expect(await countAttempt({ limit, key })).toMatchObject({ count: 1 });
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: stored } })).toEqual({ key: stored, points: 1, expire: at(expire, limit.durationSec * SECOND) });
    await expectFoundByEveryColumn(counters, { key: stored }, { key: stored, points: 1, expire: at(expire, limit.durationSec * SECOND) });
    // The sweep's filter (expire < cutoff) sees the hand-written timestamp as the Date it is.
    expect(await db.rateLimitCounter.count({ where: { key: stored, expire: { lt: at(expire, limit.durationSec * SECOND) } } })).toBe(0);
    expect(await db.rateLimitCounter.count({ where: { key: stored, expire: { lt: at(expire, limit.durationSec * SECOND + 1) } } })).toBe(1);
  });

  it("continue a window the client wrote, and start again after it, to the millisecond", async () => {
    const t0 = new Date("2031-05-07T07:08:09.123Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    const [live, ended] = [newKey(), newKey()];
    await db.rateLimitCounter.create({ data: { key: `${limit.keyPrefix}:${live}`, points: 4, expire: at(t0, 1) } });
    await db.rateLimitCounter.create({ data: { key: `${limit.keyPrefix}:${ended}`, points: 4, expire: t0 } });
    expect(await countAttempt({ limit, key: live })).toEqual({ count: 5, retryAfterMs: SECOND });
    expect(await countAttempt({ limit, key: ended })).toEqual({ count: 1, retryAfterMs: limit.durationSec * SECOND });
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: `${limit.keyPrefix}:${live}` } })).toEqual({ key: `${limit.keyPrefix}:${live}`, points: 5, expire: at(t0, 1) });
    // liveCount reads the client's row by its expiry, to the millisecond, and counts nothing.
    expect(await liveCount({ limit, key: live, now: t0 })).toBe(5);
    expect(await liveCount({ limit, key: live, now: at(t0, 1) })).toBe(0);
    expect(await liveCount({ limit, key: newKey(), now: t0 })).toBe(0);
  });
});

describe("SignInThrottle rows written by hand (flows/login/throttle.ts)", () => {
  const keysFor = () => ({ ipGroup: `contract-${newSecret()}`, identifierKey: `email:contract-${newSecret()}@example.com` });

  it("read back through the client column for column: the count, the expiry, and a pause with its owner", async () => {
    const keys = keysFor();
    const t0 = new Date("2031-06-07T08:09:10.456Z");
    const first = await reserveSignInAttempt({ keys, humanChecked: false, now: t0 });
    expect(first).toMatchObject({ ok: true, attempt: 1, pauseMs: 0 });
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: keys.identifierKey } });
    expect(row).toEqual({ key: keys.identifierKey, failures: 1, pausedUntil: null, pauseOwner: null, expiresAt: at(t0, SIGN_IN_FAILURES_KEPT_MS) });
    expect(row.expiresAt).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(throttles, { key: keys.identifierKey }, row);

    // Up to the sixth failure, which pauses the identifier for a minute and owns that pause.
    let last = first;
    for (let i = 2; i <= 6; i++) last = await reserveSignInAttempt({ keys: { ...keys, ipGroup: `${keys.ipGroup}-${i}` }, humanChecked: false, now: at(t0, i * SECOND) });
    expect(last).toMatchObject({ ok: true, attempt: 6, pauseMs: MINUTE });
    const paused = await db.signInThrottle.findUniqueOrThrow({ where: { key: keys.identifierKey } });
    expect(paused).toEqual({ key: keys.identifierKey, failures: 6, pausedUntil: at(t0, 6 * SECOND + MINUTE), pauseOwner: 6, expiresAt: at(t0, 6 * SECOND + SIGN_IN_FAILURES_KEPT_MS) });
    expect(paused.pausedUntil).toBeInstanceOf(Date);
    await expectFoundByEveryColumn(throttles, { key: keys.identifierKey }, paused);
    // The client's own filters find the hand-written owner and pause.
    expect(await db.signInThrottle.count({ where: { key: keys.identifierKey, pauseOwner: 6, pausedUntil: { gt: at(t0, 6 * SECOND + MINUTE - 1) } } })).toBe(1);
    if (!last.ok) throw new Error("reserved above");
    await resetSignInThrottle(last);
    expect(await db.signInThrottle.findUnique({ where: { key: keys.identifierKey } })).toBeNull();
  });

  it("continue from a row the client wrote: its pause read, its expiry compared exactly", async () => {
    const t0 = new Date("2031-06-08T08:09:10.456Z");
    const paused = keysFor();
    await db.signInThrottle.create({ data: { key: paused.identifierKey, failures: 7, pausedUntil: at(t0, 90 * SECOND + 5), pauseOwner: 7, expiresAt: at(t0, HOUR) } });
    expect(await reserveSignInAttempt({ keys: paused, humanChecked: false, now: t0 })).toMatchObject({ ok: false, reason: "locked", retryAfterMs: 90 * SECOND + 5 });

    // A row with failures and no pause: the next attempt replaces it only if the row is still as read
    // (compare-and-set on failures and expiresAt), so the client's timestamp must compare equal to itself.
    const counted = keysFor();
    await db.signInThrottle.create({ data: { key: counted.identifierKey, failures: 2, expiresAt: at(t0, HOUR + 1) } });
    expect(await reserveSignInAttempt({ keys: counted, humanChecked: false, now: t0 })).toMatchObject({ ok: true, attempt: 3 });
    const replaced = await db.signInThrottle.findUniqueOrThrow({ where: { key: counted.identifierKey } });
    expect(replaced).toEqual({ key: counted.identifierKey, failures: 3, pausedUntil: null, pauseOwner: null, expiresAt: at(t0, SIGN_IN_FAILURES_KEPT_MS) });
    await expectFoundByEveryColumn(throttles, { key: counted.identifierKey }, replaced);
    // The address's counter was written by hand in the same transaction (withKeysLocked).
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: `${SIGN_IN_LIMITS.failuresPerIp.keyPrefix}:${counted.ipGroup}` } })).toMatchObject({ points: 1 });
  });
});

describe("Account columns written by hand (db/tables/accounts.ts)", () => {
  it("a rehashed password reads back through the client, only when the stored hash was still the one checked", async () => {
    const account = await prismaAccount();
    const newer = await hashPassword(PASSWORD);
    await rehashPassword({ accountId: account.id, from: account.passwordHash, to: newer });
    expect(await db.account.findUniqueOrThrow({ where: { id: account.id } })).toEqual({ ...account, passwordHash: newer });
    await expectFoundByEveryColumn(accounts, { id: account.id }, { ...account, passwordHash: newer });
    await rehashPassword({ accountId: account.id, from: account.passwordHash, to: "not applied" });
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).passwordHash).toBe(newer);
  });

  it("the sign-in reader reads the client's row: the status enum by its name, the locale", async () => {
    const pending = await prismaAccount({ status: "pending", locale: "fr" });
    const expected = { id: pending.id, email: pending.email, passwordHash: pending.passwordHash, status: "pending", locale: "fr", twoStep: false };
    expect(await findAccountToSignIn({ miId: pending.miId })).toEqual(expected);
    expect(await findAccountToSignIn({ emailKey: pending.emailKey! })).toEqual(expected);
  });

  it("the sign-in reader's twoStep is hasAuthenticatorApp's answer: off without an app and during a setup, on once confirmed", async () => {
    const account = await prismaAccount();
    const read = async () => (await findAccountToSignIn({ miId: account.miId }))!.twoStep;
    expect([await read(), await hasAuthenticatorApp(account.id)]).toEqual([false, false]);
    await db.authenticatorApp.create({ data: { accountId: account.id, secret: "sealed", createdAt: new Date() } });
    expect([await read(), await hasAuthenticatorApp(account.id)]).toEqual([false, false]);
    await db.authenticatorApp.update({ where: { accountId: account.id }, data: { confirmedAt: new Date() } });
    expect([await read(), await hasAuthenticatorApp(account.id)]).toEqual([true, true]);
    // Another account's app says nothing about this one.
    expect((await findAccountToSignIn({ miId: (await prismaAccount()).miId }))!.twoStep).toBe(false);
  });

  it("booleans sent by hand read back as booleans", async () => {
    const account = await prismaAccount();
    expect(await sql.run`UPDATE "Account" SET "wantsOffers" = ${true} WHERE "id" = ${account.id}`).toBe(1);
    expect(await db.account.findUniqueOrThrow({ where: { id: account.id } })).toEqual({ ...account, wantsOffers: true });
    await expectFoundByEveryColumn(accounts, { id: account.id }, { ...account, wantsOffers: true });
    await sql.run`UPDATE "Account" SET "wantsOffers" = ${false} WHERE "id" = ${account.id}`;
    expect(await db.account.findUniqueOrThrow({ where: { id: account.id } })).toEqual(account);
    await expectFoundByEveryColumn(accounts, { id: account.id }, account);
  });
});

describe("one real sign-in, every row it wrote by hand", () => {
  it("reads back through the client as the client would have written it", async () => {
    // A hash of another cost than the configured one, so the sign-in rehashes it too.
    const account = await prismaAccount({ passwordHash: await bcrypt.hash(PASSWORD, 5) });
    const ipGroup = `contract-${newSecret()}`;
    const now = nextInstant();
    const result = await signIn({ identifier: account.email!, password: PASSWORD, userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" }, plainContext({ now, ipGroup }));
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);

    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSecret(result.token) } });
    expect(session).toEqual({
      tokenHash: hashSecret(result.token),
      id: expect.stringMatching(UUID),
      accountId: account.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: result.expiresAt,
      browser: "firefox/linux", // as browser-label.ts stores it: words only when shown
      ipGroup,
      amr: "pwd",
    });
    await expectFoundByEveryColumn(sessions, { tokenHash: session.tokenHash }, session);
    const device = await db.trustedDevice.findUniqueOrThrow({ where: { tokenHash: hashSecret(result.device!.token) } });
    expect(device).toEqual({ tokenHash: hashSecret(result.device!.token), accountId: account.id, createdAt: now, lastUsedAt: now, expiresAt: result.device!.expiresAt, secondStepSkippedUntil: null });
    await expectFoundByEveryColumn(devices, { tokenHash: device.tokenHash }, device);
    const audit = await db.auditEvent.findMany({ where: { accountId: account.id } });
    expect(audit).toEqual([{ id: expect.stringMatching(CUID), at: now, event: "sign_in", outcome: "ok", accountId: account.id, ipGroup }]);
    await expectFoundByEveryColumn(auditEvents, { id: audit[0]!.id }, audit[0]!);
    // The attempt was counted, then taken back: the counter is there, at zero; the identifier's row is gone.
    const counter = await db.rateLimitCounter.findUniqueOrThrow({ where: { key: `${SIGN_IN_LIMITS.failuresPerIp.keyPrefix}:${ipGroup}` } });
    expect(counter).toMatchObject({ points: 0, expire: expect.any(Date) });
    await expectFoundByEveryColumn(counters, { key: counter.key }, counter);
    expect(await db.signInThrottle.findUnique({ where: { key: `email:${account.emailKey}` } })).toBeNull();
    const rehashed = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(rehashed).toEqual({ ...account, passwordHash: expect.not.stringMatching(/^\$2b\$05\$/) });
    expect(bcrypt.getRounds(rehashed.passwordHash)).toBe(4);
    expect(await verifyPassword(PASSWORD, rehashed.passwordHash)).toBe(true);
  });
});
