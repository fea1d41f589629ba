import { describe, expect, it } from "vitest";
import { sendMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { plainContext } from "@/lib/server/flows/context";
import { composeResetMail, requestPasswordReset } from "@/lib/server/flows/recovery/password-reset";
import { composeActivationResend, resendActivation } from "@/lib/server/flows/verification/resend";
import { at, MINUTE, newEmail, registerActive, registerPending, RESET_SUBJECT, ACTIVATION_SUBJECT } from "../support/fixtures";
import { inbox } from "../support/integration-context";

// Issue 21, point 2: "forgot password" and "resend activation email" answer the same, and do the same work in the
// request, for a free, a pending and an active address (and a Mi Account ID or not): what differs by account
// (looking it up, making a link, writing and sending the mail) happens later, in the outbox worker, for every
// identifier alike. Before, resend wrote the link and the mail in the request for a pending account only (~5 ms
// slower), and forgot ran its mail work after the response only for known identifiers.

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Everything a request could have written, account by account, apart from the limit counters. */
async function snapshot(emails: string[]) {
  const accounts = await db.account.findMany({ where: { email: { in: emails } }, select: { email: true, activationMailedAt: true, passwordHash: true } });
  return {
    accounts: accounts.sort((a, b) => (a.email ?? "").localeCompare(b.email ?? "")),
    activationTokens: await db.activationToken.count(),
    resetTokens: await db.passwordResetToken.count(),
    writtenMessages: await db.outboxMessage.count({ where: { composeFrom: null } }),
    audit: await db.auditEvent.count(),
  };
}

/** The one row a request left in the outbox, with what was typed taken out: the rest must be the same for all. */
async function newestUnwritten() {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { composeFrom: { not: null } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const { id, createdAt, nextAttemptAt, composeFrom, ...rest } = row;
  return { id, typed: JSON.parse(composeFrom!) as Record<string, unknown>, rest, createdAt, nextAttemptAt };
}

function expectUnchanged(before: Snapshot, after: Snapshot, label: string) {
  expect(after, `${label}: the request wrote nothing but its unwritten message`).toEqual(before);
}

describe("forgot password and resend: the same request work for every identifier (issue 21, point 2)", () => {
  it("resend: free, pending and active addresses each leave one unwritten message and nothing else; the worker decides", async () => {
    const pending = (await registerPending()).input.email;
    const active = (await registerActive()).input.email;
    const free = newEmail("free");
    const now = at(new Date(), 2 * MINUTE); // past the registration's own cooldown
    const rows = [];
    for (const email of [free, pending, active]) {
      const before = await snapshot([free, pending, active]);
      expect(await resendActivation({ email }, plainContext({ now, ipGroup: "192.0.2.80" }))).toBe("queued");
      expectUnchanged(before, await snapshot([free, pending, active]), email);
      rows.push(await newestUnwritten());
    }
    expect(rows.map((row) => row.typed)).toEqual([free, pending, active].map((email) => ({ email, ipGroup: "192.0.2.80" })));
    expect(new Set(rows.map((row) => JSON.stringify(row.rest))).size, "the rows differ only in what was typed").toBe(1);
    expect(rows[0]!.rest).toMatchObject({ kind: "activation", to: "", subject: "", html: "", text: "", status: "pending" });

    // The worker's step: a link and a mail for the pending account only; the other two rows are gone.
    const outcomes = [];
    for (const row of rows) outcomes.push(await sendMessage({ id: row.id, now, composers: { activation: composeActivationResend } }));
    expect(outcomes).toEqual(["dropped", "sent", "dropped"]);
    expect(await db.outboxMessage.count({ where: { id: { in: rows.map((row) => row.id) } } })).toBe(1);
    const mail = await inbox().waitForMail(pending, { subject: ACTIVATION_SUBJECT });
    expect(mail.text).toContain("/activate?token=");
    const audit = await db.auditEvent.findMany({ where: { event: "resend", ipGroup: "192.0.2.80" }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(audit.map((row) => row.outcome)).toEqual(["not-pending", "sent", "not-pending"]);
  });

  it("forgot: a free address, an active one, its Mi Account ID and an unknown ID each leave one unwritten message and nothing else", async () => {
    const { input, miId } = await registerActive();
    const free = newEmail("nobody");
    const now = new Date();
    const typed = [free, input.email, miId, "1000000009"];
    const rows = [];
    for (const identifier of typed) {
      const before = await snapshot([input.email]);
      expect(await requestPasswordReset({ identifier }, plainContext({ now, ipGroup: "192.0.2.81" }))).toBe("queued");
      expectUnchanged(before, await snapshot([input.email]), identifier);
      rows.push(await newestUnwritten());
    }
    expect(rows.map((row) => row.typed)).toEqual(typed.map((identifier) => ({ identifier, ipGroup: "192.0.2.81" })));
    expect(new Set(rows.map((row) => JSON.stringify(row.rest))).size, "the rows differ only in what was typed").toBe(1);

    const outcomes = [];
    for (const row of rows) outcomes.push(await sendMessage({ id: row.id, now, composers: { password_reset: composeResetMail } }));
    expect(outcomes).toEqual(["dropped", "sent", "sent", "dropped"]);
    const mail = await inbox().waitForMail(input.email, { subject: RESET_SUBJECT });
    expect(mail.text).toContain("/reset?token=");
    // Only the newest link works: the second mail's link replaced the first's.
    expect(await db.passwordResetToken.count()).toBe(1);
  });

  it("a worker without the composers leaves an unwritten message for one that has them, and never sends it blank", async () => {
    const { input } = await registerActive();
    const now = new Date();
    expect(await requestPasswordReset({ identifier: input.email }, plainContext({ now, ipGroup: "192.0.2.82" }))).toBe("queued");
    const { id } = await newestUnwritten();
    expect(await sendMessage({ id, now })).toBe("busy");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0, leaseUntil: null, subject: "" });
    expect(await sendMessage({ id, now, composers: { password_reset: composeResetMail } })).toBe("sent");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", to: input.email, composeFrom: null });
  });
});
