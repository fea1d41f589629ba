import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/config/env";
import { GIVE_UP_AFTER_MS, retryDeadMessage, retryDelayMs, sendDueMessages, sendMessage } from "@/lib/server/courier/outbox";
import { ACTIVATION_SUBJECT, ALREADY_REGISTERED_SUBJECT, at, fromOwnAddress, HOUR, MINUTE, newAccount, OTHER_PASSWORD, registerActive, registerInBrowser, registrationOutcome, SECOND } from "../support/fixtures";
import { activationTokenFromMail, mailsTo } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { consumeActivationToken, draftMailRefused, registerAccount, resendFromDraft } from "../support/flows";

// The outbox against a real SMTP server that can be made to refuse: mail is never lost, never sent twice,
// and never sent once it has nothing left to say.
beforeEach(() => inbox().clear());
afterEach(() => inbox().accept());

const outboxOf = (email: string) => db.outboxMessage.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });
const mailsOf = (email: string) => mailsTo(inbox(), email);

/** A registration whose first send the mail server turned away (421); the server accepts again afterwards. */
async function registrationAwaitingRetry(t0: Date) {
  const input = newAccount();
  inbox().refuse(421);
  await registerAccount(input, t0);
  inbox().accept();
  const [message] = await outboxOf(input.email);
  return { input, message: message! };
}

describe("retry schedule", () => {
  it("waits 30 s, doubling, at most 30 minutes, with ±20 % jitter", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((failures) => retryDelayMs(failures, middle) / SECOND)).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800]);
    expect(retryDelayMs(1, () => 0)).toBe(24 * SECOND);
    expect(retryDelayMs(1, () => 1)).toBe(36 * SECOND);
  });
});

describe("outbox", () => {
  it("writes the email with the account, and delivers it once after the mail server comes back", async () => {
    const t0 = new Date();
    inbox().refuse(421);
    const inputs = Array.from({ length: 20 }, () => newAccount());
    for (const input of inputs) expect(await registerAccount(input, t0)).toEqual(registrationOutcome("created", "failed"));
    for (const input of inputs) {
      expect(await db.account.count({ where: { email: input.email } })).toBe(1);
      expect(await outboxOf(input.email)).toEqual([expect.objectContaining({ status: "pending", attempts: 1 })]);
    }
    // Still down at the first retry: nothing lost, nothing sent.
    await sendDueMessages({ now: at(t0, 40 * SECOND) });
    inbox().accept();
    await sendDueMessages({ now: at(t0, 2 * MINUTE) });
    const delivered = inputs.map((input) => mailsOf(input.email).length);
    console.log(`SMTP down for 20 sign-ups, then up: delivered ${delivered.filter((n) => n === 1).length}, duplicates ${delivered.filter((n) => n > 1).length}, lost ${delivered.filter((n) => n === 0).length}`);
    expect(delivered).toEqual(inputs.map(() => 1));
    // Sent is final: later ticks send nothing again.
    await sendDueMessages({ now: at(t0, HOUR) });
    expect(inputs.map((input) => mailsOf(input.email).length)).toEqual(inputs.map(() => 1));
  });

  it("sends what a request queued but never sent (the process died before its after())", async () => {
    const input = newAccount();
    const neverRuns = () => {};
    expect(await registerAccount(input, new Date(), { sendLater: neverRuns })).toMatchObject({ kind: "created" });
    expect(mailsOf(input.email)).toEqual([]);
    expect(await sendDueMessages()).toMatchObject({ sent: 1 });
    expect(mailsOf(input.email).map((mail) => mail.subject)).toEqual([ACTIVATION_SUBJECT]);
  });

  it("marks a permanently refused address dead at once, never retries it, and says so", async () => {
    const t0 = new Date();
    const input = newAccount();
    inbox().refuse(550);
    const { draftId } = await registerInBrowser(input, t0);
    expect(await outboxOf(input.email)).toEqual([expect.objectContaining({ status: "dead", permanent: true, attempts: 1 })]);
    // The check-email page of that registration says the address refused it.
    expect(await draftMailRefused(draftId)).toBe(true);
    inbox().accept();
    expect(await sendDueMessages({ now: at(t0, 2 * HOUR) })).toMatchObject({ sent: 0 });
    expect(mailsOf(input.email)).toEqual([]);
    // The outbox keeps no copy of its link, and an operator cannot send it again: the person asks for a new one.
    const [dead] = await outboxOf(input.email);
    expect(dead).toMatchObject({ html: "", text: "" });
    expect(await retryDeadMessage(dead!.id)).toBe("secret");
  });

  it("lets an operator send a dead message with no secret in it again", async () => {
    const { input } = await registerActive();
    inbox().refuse(550);
    await registerAccount({ ...input, password: OTHER_PASSWORD });
    const dead = await db.outboxMessage.findFirstOrThrow({ where: { to: input.email, kind: "already_registered" } });
    expect(dead).toMatchObject({ status: "dead" });
    expect(dead.text).toContain("/login");
    inbox().accept();
    expect(await retryDeadMessage(dead.id)).toBe("retried");
    expect(await retryDeadMessage("no-such-message")).toBe("no-such-message");
    expect(await sendDueMessages()).toMatchObject({ sent: 1 });
    expect(mailsOf(input.email).map((mail) => mail.subject)).toContain(ALREADY_REGISTERED_SUBJECT);
  });

  it("keeps no live activation link once a mail is sent or skipped", async () => {
    const input = newAccount();
    await registerAccount(input);
    await registerAccount({ ...input, password: OTHER_PASSWORD }); // replaces the first link: its mail is stale
    const rows = await db.outboxMessage.findMany({ where: { to: input.email, kind: "activation" } });
    expect(rows.map((row) => row.status).sort()).toEqual(["sent", "sent"]);
    expect(rows.every((row) => row.html === "" && row.text === "")).toBe(true);
    expect(mailsOf(input.email)[0]?.text).toContain("/activate?token=");
  });

  it("gives up on a message after 24 hours of failures", async () => {
    const t0 = new Date();
    const input = newAccount();
    inbox().refuse(421);
    const { draftId } = await registerInBrowser(input, t0);
    await sendDueMessages({ now: at(t0, GIVE_UP_AFTER_MS + MINUTE) });
    expect(await outboxOf(input.email)).toEqual([expect.objectContaining({ status: "dead", permanent: false, attempts: 2 })]);
    // Not refused by the address: the check-email page does not say it was.
    expect(await draftMailRefused(draftId)).toBe(false);
  });

  it("tells each registration's check-email page about its own newest mail, whichever mail that was", async () => {
    const t0 = new Date();
    // An active address: the registration's mail is the warning to its owner. Refused, the page says so.
    const { input: owner } = await registerActive();
    inbox().refuse(550);
    const warned = await registerInBrowser({ ...owner, password: OTHER_PASSWORD }, t0);
    expect(warned.outcome).toEqual(registrationOutcome("already-active", "failed"));
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: warned.outcome.messageId } })).toMatchObject({ kind: "already_registered", status: "dead", permanent: true });
    expect(await draftMailRefused(warned.draftId)).toBe(true);
    inbox().accept();

    // A pending address registered in two browsers: the first one's mail went out, the second one's was refused.
    const input = newAccount();
    const first = await registerInBrowser(input, t0);
    expect(first.outcome).toEqual(registrationOutcome("created", "sent"));
    inbox().refuse(550);
    const second = await registerInBrowser({ ...input, password: OTHER_PASSWORD }, t0);
    expect(second.outcome).toEqual(registrationOutcome("pending-replaced", "failed"));
    inbox().accept();
    expect(await draftMailRefused(second.draftId)).toBe(true);
    expect(await draftMailRefused(first.draftId)).toBe(false);
    // The second browser asks again, and that mail goes out: the page no longer says the address refused it.
    expect(await resendFromDraft(second.draftId, at(t0, 61 * SECOND))).toEqual({ ok: true });
    expect(mailsOf(input.email).map((mail) => mail.subject)).toEqual([ACTIVATION_SUBJECT, ACTIVATION_SUBJECT]);
    expect(await draftMailRefused(second.draftId)).toBe(false);
    // No draft (an expired or made-up cookie), no notice.
    expect(await draftMailRefused(undefined)).toBe(false);
  });

  it("does not send the link of a registration that was replaced, nor of an account already active", async () => {
    const t0 = new Date();
    const input = newAccount();
    inbox().refuse(421);
    await registerAccount(input, t0);
    inbox().accept();
    // Registered again with another password: the first link is dead, and the flow cancels its mail at once.
    await registerAccount({ ...input, password: OTHER_PASSWORD }, at(t0, SECOND));
    expect((await outboxOf(input.email)).map((row) => [row.status, row.text])).toEqual([["skipped", ""], ["sent", ""]]);
    expect(await sendDueMessages({ now: at(t0, 2 * MINUTE) })).toMatchObject({ sent: 0 });
    expect(mailsOf(input.email)).toHaveLength(1);

    const other = newAccount();
    inbox().refuse(421);
    await registerAccount(other, t0);
    inbox().accept();
    // Activated with the link of the mail still waiting (read off the queue): that mail has nothing left to say.
    const [waiting] = await outboxOf(other.email);
    const activated = await consumeActivationToken(activationTokenFromMail(waiting!), at(t0, SECOND), fromOwnAddress(), { password: other.password });
    expect(activated.ok).toBe(true);
    expect(await outboxOf(other.email)).toEqual([expect.objectContaining({ status: "skipped", html: "", text: "" })]);
    expect(await sendDueMessages({ now: at(t0, 2 * MINUTE) })).toMatchObject({ sent: 0 });
    expect(mailsOf(other.email)).toEqual([]);
  });

  it("lets only one of two racing senders send a message", async () => {
    const t0 = new Date();
    const { input, message } = await registrationAwaitingRetry(t0);
    const later = at(t0, 2 * MINUTE);
    const outcomes = await Promise.all([sendMessage({ id: message.id, now: later }), sendMessage({ id: message.id, now: later })]);
    expect(outcomes.sort()).toEqual(["busy", "sent"]);
    expect(mailsOf(input.email)).toHaveLength(1);
  });

  it("takes over a message whose sender died holding it, once the lease has run out", async () => {
    const t0 = new Date();
    const { input, message } = await registrationAwaitingRetry(t0);
    // A sender claimed it at t0 + 2 min (a lease of OUTBOX_LEASE_MS) and died.
    await db.outboxMessage.update({ where: { id: message.id }, data: { leaseUntil: at(t0, 2 * MINUTE + env.OUTBOX_LEASE_MS) } });
    expect(await sendDueMessages({ now: at(t0, 2 * MINUTE + env.OUTBOX_LEASE_MS - SECOND) })).toMatchObject({ sent: 0 });
    expect(await sendDueMessages({ now: at(t0, 2 * MINUTE + env.OUTBOX_LEASE_MS + SECOND) })).toMatchObject({ sent: 1 });
    expect(mailsOf(input.email)).toHaveLength(1);
  });
});
