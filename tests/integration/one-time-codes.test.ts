import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { issueCode, redeemCode, CODE_LIFETIME_MS, type CodePurpose } from "@/lib/server/methods/code/one-time-code";
import { CODE_MAX_TRIES } from "@/lib/shared/one-time-code";
import { at, MINUTE, SECOND } from "../support/fixtures";

// The one-time code rules (lib/server/methods/code/one-time-code.ts) against the real database: random, hashed,
// newest only, one purpose, ten minutes, CODE_MAX_TRIES tries, used once, and bursts no better than sequences.

let counter = 0;
async function phoneAccount() {
  counter += 1;
  const phone = `+4479111${String(counter).padStart(5, "0")}`;
  return db.account.create({ data: { miId: String(5_000_000_000 + counter * 7919 + process.pid), phone, country: "GB", wantsOffers: false, passwordHash: "x", status: "active" } });
}

async function issue(accountId: string, purpose: CodePurpose, now: Date, binding?: { passwordHash: string; draftIdHash: string | null }) {
  return db.$transaction((tx) => issueCode(tx, { accountId, purpose, sentTo: "+447911100000", binding, now }));
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("one-time codes", () => {
  it("are six digits, stored only as a hash, and work once", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code, codeId } = await issue(account.id, "sign_in", now);
    expect(code).toMatch(/^\d{6}$/);
    const row = await db.oneTimeCode.findUniqueOrThrow({ where: { id: codeId } });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now })).toMatchObject({ ok: true, codeId, sentTo: "+447911100000" });
    expect(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now })).toEqual({ ok: false, reason: "expired" });
  });

  it("only the newest code of a purpose works", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const first = await issue(account.id, "recovery", now);
    const second = await issue(account.id, "recovery", at(now, SECOND));
    const firstTry = await redeemCode({ accountId: account.id, purpose: "recovery", typed: first.code, now: at(now, 2 * SECOND) });
    if (first.code !== second.code) expect(firstTry.ok).toBe(false);
    expect((await redeemCode({ accountId: account.id, purpose: "recovery", typed: second.code, now: at(now, 2 * SECOND) })).ok).toBe(true);
  });

  it("a code of one purpose never works for another", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code } = await issue(account.id, "sign_in", now);
    for (const purpose of ["registration", "recovery", "binding"] as const) {
      expect(await redeemCode({ accountId: account.id, purpose, typed: code, now })).toEqual({ ok: false, reason: "expired" });
    }
    expect((await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now })).ok).toBe(true);
  });

  it("lives ten minutes", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code } = await issue(account.id, "sign_in", now);
    expect(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now: at(now, CODE_LIFETIME_MS) })).toEqual({ ok: false, reason: "expired" });
    expect((await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now: at(now, 10 * MINUTE - SECOND) })).ok).toBe(true);
  });

  it(`is dead after ${CODE_MAX_TRIES} wrong tries, even for the right code then`, async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code } = await issue(account.id, "sign_in", now);
    const answers = [];
    for (let i = 0; i < CODE_MAX_TRIES; i++) answers.push(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: wrongCode(code), now }));
    expect(answers.map((answer) => (answer.ok ? "ok" : answer.reason === "wrong" ? answer.triesLeft : answer.reason))).toEqual([4, 3, 2, 1, 0]);
    expect(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now })).toEqual({ ok: false, reason: "dead" });
  });

  it("a burst of parallel guesses gets no more compares than the tries allow", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code } = await issue(account.id, "sign_in", now);
    const guesses = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const answers = await Promise.all(guesses.map((typed) => redeemCode({ accountId: account.id, purpose: "sign_in", typed, now })));
    const compared = answers.filter((answer) => !answer.ok && answer.reason === "wrong").length;
    expect(compared).toBe(CODE_MAX_TRIES);
    expect(answers.filter((answer) => !answer.ok && answer.reason === "dead")).toHaveLength(30 - CODE_MAX_TRIES);
    expect(await redeemCode({ accountId: account.id, purpose: "sign_in", typed: code, now })).toEqual({ ok: false, reason: "dead" });
  });

  it("of parallel presses of the right code, one uses it", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const { code } = await issue(account.id, "binding", now);
    const answers = await Promise.all(Array.from({ length: 4 }, () => redeemCode({ accountId: account.id, purpose: "binding", typed: code, now })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
  });

  it("a registration code works only in the browser whose sign-up asked for it, and carries its password", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const binding = { passwordHash: "bcrypt-of-this-registration", draftIdHash: "draft-a" };
    const { code } = await issue(account.id, "registration", now, binding);
    expect(await redeemCode({ accountId: account.id, purpose: "registration", typed: code, draftIdHash: "draft-b", now })).toEqual({ ok: false, reason: "expired" });
    expect(await redeemCode({ accountId: account.id, purpose: "registration", typed: code, draftIdHash: "draft-a", now })).toMatchObject({ ok: true, binding });
  });

  it("codes are drawn from the whole range", async () => {
    const account = await phoneAccount();
    const now = new Date();
    const codes = new Set<string>();
    for (let i = 0; i < 40; i++) codes.add((await issue(account.id, "sign_in", at(now, i))).code);
    // Any two of 40 draws from a million match with probability under 0.1 %, so one repeat is rare but possible (it
    // happened); three in one run, about one in ten billion, would mean a narrow or repeating source.
    expect(codes.size).toBeGreaterThanOrEqual(38);
    expect(await db.oneTimeCode.count({ where: { accountId: account.id, purpose: "sign_in" } })).toBe(1);
  });
});
