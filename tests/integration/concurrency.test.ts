import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { hashSecret } from "@/lib/server/security/secrets";
import { ACTIVATION_SUBJECT, fromOwnAddress, newAccount, OTHER_PASSWORD, PASSWORD, registerPending, signInAs } from "../support/fixtures";
import { activationTokenFromMail } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { consumeActivationToken, registerAccount } from "../support/flows";

// Races inside one process: the SQLite adapter serialises transactions, so these check that the code's
// conditions (not luck) pick a single winner.

describe("concurrent use", () => {
  it("lets exactly one of 10 simultaneous presses of the same link activate the account", async () => {
    const { input, token } = await registerPending();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => consumeActivationToken(token, undefined, fromOwnAddress(), { password: input.password })));

    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const values = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(values.filter((v) => v.ok)).toHaveLength(1);
    // Each typed password is counted before it is checked (five per account): a press that looks after the
    // winner is told the account is active; one counted past the fifth is refused before any check.
    const refusals = values.flatMap((v) => (v.ok ? [] : [v.reason]));
    expect(refusals.every((reason) => reason === "already-active" || reason === "limited")).toBe(true);
    expect(refusals.filter((reason) => reason === "limited").length).toBeLessThanOrEqual(5);

    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    expect(account.status).toBe("active");
    expect(await db.activationToken.count({ where: { accountId: account.id, usedAt: { not: null } } })).toBe(1);
  });

  it("creates exactly one account for 10 simultaneous registrations of a new address", async () => {
    const input = newAccount();
    inbox().clear();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => registerAccount(input)));

    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const kinds = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.kind] : []));
    expect(kinds.filter((kind) => kind === "created")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "pending-replaced")).toHaveLength(9);
    expect(await db.account.count({ where: { email: input.email } })).toBe(1);

    // Every registration queued a mail with its own link, but only the newest registration's link is live. Each
    // mail was sent unless, by the time it was to go, a later registration had already replaced its link: the
    // outbox skips a mail whose link is gone. Where transactions run one after another (SQLite) that never
    // happens here; where they truly run at once (PostgreSQL) it may, and the live link's mail still goes.
    const queued = await db.outboxMessage.findMany({ where: { to: input.email, kind: "activation" } });
    expect(queued).toHaveLength(10);
    const sent = queued.filter((message) => message.status === "sent");
    const skipped = queued.filter((message) => message.status === "skipped");
    expect(sent.length + skipped.length, "every mail sent or skipped").toBe(10);
    // A mail cancelled by a newer registration (skipped) keeps no copy of its link.
    for (const message of skipped) expect(message).toMatchObject({ html: "", text: "" });
    const live = await db.activationToken.findMany({ where: { account: { email: input.email } } });
    expect(live).toHaveLength(1);
    const mails = inbox().messages().filter((mail) => mail.subject === ACTIVATION_SUBJECT);
    expect(mails).toHaveLength(sent.length);
    // The live link's mail went out.
    expect(mails.map((mail) => hashSecret(activationTokenFromMail(mail)))).toContain(live[0]!.tokenHash);
    const outcomes = await Promise.all(mails.map((mail) => consumeActivationToken(activationTokenFromMail(mail), undefined, fromOwnAddress(), { password: input.password })));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect((await signInAs(input.email, input.password)).ok).toBe(true);
  });

  // registerAccount reads the account, then updates it in a transaction that re-checks its status. Were that
  // check missing, an owner activating in between would have the password of an active account overwritten.
  // The interleaving is forced by running the owner's activation just before that transaction.
  it("never changes the password of an account activated while a re-registration was in flight", async () => {
    const { input, token } = await registerPending();
    const realTransaction = db.$transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let ownerActivated = false;
    const spy = vi.spyOn(db, "$transaction").mockImplementationOnce((async (...args: unknown[]) => {
      ownerActivated = (await consumeActivationToken(token, undefined, fromOwnAddress(), { password: input.password })).ok;
      return realTransaction(...args);
    }) as typeof db.$transaction);
    try {
      await registerAccount({ ...input, password: OTHER_PASSWORD });
    } finally {
      spy.mockRestore();
    }
    expect(ownerActivated).toBe(true);
    expect((await signInAs(input.email, PASSWORD)).ok).toBe(true);
    expect(await signInAs(input.email, OTHER_PASSWORD)).toMatchObject({ ok: false, reason: "invalid" });
  });
});
