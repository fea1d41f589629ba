import { describe, expect, it } from "vitest";
import { ACTIVATION_LINK_LIFETIME_MS } from "@/lib/server/flows/verification/activation";
import { activateAccount, loadActivationLink } from "@/lib/server/flows/verification/activation";
import { plainContext } from "@/lib/server/flows/context";
import { listRecentAudit, recordAudit, STRANGER_AUDIT_ROWS } from "@/lib/server/security/audit";
import { db } from "@/lib/server/db/client";
import { at, HOUR, MINUTE, newAccount, OTHER_PASSWORD, PASSWORD, registerActive, registerPending, SECOND } from "../support/fixtures";
import { logLines } from "../support/integration-context";
import { consumeActivationToken, requestPasswordReset, resendActivation, signIn } from "../support/flows";

// An append-only audit trail of account events.

const eventsOf = (accountId: string) => db.auditEvent.findMany({ where: { accountId }, orderBy: { at: "asc" } });

async function accountId(email: string): Promise<string> {
  return (await db.account.findFirstOrThrow({ where: { email }, select: { id: true } })).id;
}

describe("audit trail", () => {
  it("records an event with its time, account, IP group and outcome", async () => {
    const { input } = await registerPending();
    const id = await accountId(input.email);
    const t0 = new Date("2026-11-25T10:00:00.000Z");
    await recordAudit({ by: "owner", event: "sign_in_failed", outcome: "wrong-password", accountId: id, ipGroup: "203.0.113.7" }, t0);
    const rows = (await eventsOf(id)).filter((row) => row.event === "sign_in_failed");
    expect(rows).toEqual([expect.objectContaining({ at: t0, event: "sign_in_failed", outcome: "wrong-password", ipGroup: "203.0.113.7" })]);
  });

  it("lists only the account's own 10 newest events, newest first", async () => {
    const { input: mine } = await registerPending();
    const { input: theirs } = await registerPending();
    const [me, them] = [await accountId(mine.email), await accountId(theirs.email)];
    // Later than the sign-up events registration itself recorded.
    const t0 = new Date(Date.now() + HOUR);
    for (let i = 0; i < 12; i += 1) {
      await recordAudit({ by: "owner", event: "sign_in", outcome: `ok-${i}`, accountId: me }, at(t0, i * MINUTE));
    }
    // Newer than all of mine, but someone else's, or no one's.
    await recordAudit({ by: "owner", event: "sign_in", outcome: "theirs", accountId: them }, at(t0, HOUR));
    await recordAudit({ by: "owner", event: "sign_in_failed", outcome: "unknown-account" }, at(t0, HOUR));

    const listed = await listRecentAudit(me);
    expect(listed.map((event) => event.outcome)).toEqual(
      Array.from({ length: 10 }, (_, i) => `ok-${11 - i}`),
    );
    expect((await listRecentAudit(them)).map((event) => event.outcome)).toEqual(["theirs", "created"]);
    expect(await listRecentAudit(me, 3)).toHaveLength(3);
  });

  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    await recordAudit({ by: "owner", event: "resend", outcome: "sent", accountId: "append-only-check" });
    const where = `WHERE "accountId" = 'append-only-check'`;
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "outcome" = 'forged' ${where}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" ${where}`)).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    const rows = await db.auditEvent.findMany({ where: { accountId: "append-only-check" } });
    expect(rows).toEqual([expect.objectContaining({ outcome: "sent" })]);
  });

  it("never throws to its caller when the write fails, and logs the failure", async () => {
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" RENAME TO "AuditEventAway"`);
    try {
      await expect(recordAudit({ by: "owner", event: "sign_in", outcome: "ok", accountId: "table-away" })).resolves.toBeUndefined();
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "AuditEventAway" RENAME TO "AuditEvent"`);
    }
    const failure = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === "audit.write_failed");
    expect(failure).toMatchObject({ level: "error", event: "audit.write_failed", auditEvent: "sign_in", outcome: "ok" });
    expect(await db.auditEvent.count({ where: { accountId: "table-away" } })).toBe(0);
  });

  it("records every activation attempt with its outcome and IP group", async () => {
    const t0 = new Date();
    const { input, token } = await registerPending(newAccount(), t0);
    const id = await accountId(input.email);
    const ipGroup = "2001:db8:1:2::/64";

    expect(await consumeActivationToken("not-a-token", t0, { ipGroup })).toEqual({ ok: false, reason: "invalid" });
    expect(await db.auditEvent.count({ where: { event: "activation", outcome: "invalid", accountId: null, ipGroup } })).toBe(1);

    expect(await consumeActivationToken(token, at(t0, ACTIVATION_LINK_LIFETIME_MS), { ipGroup })).toMatchObject({ reason: "expired" });
    expect((await consumeActivationToken(token, at(t0, SECOND), { ipGroup }, { password: PASSWORD })).ok).toBe(true);
    // A call from outside any request (a script: plainContext) is audited too, from the address group "unknown".
    expect(await consumeActivationToken(token, at(t0, 2 * SECOND))).toMatchObject({ reason: "already-active" });

    // In the fake clock's order: the expired press was made 24 hours on.
    const rows = (await eventsOf(id)).filter((row) => row.event === "activation");
    expect(rows.map((row) => [row.outcome, row.ipGroup])).toEqual([
      ["ok", ipGroup],
      ["already-active", "unknown"],
      ["expired", ipGroup],
    ]);
  });

  it("records sign-up, resend, sign-in and failed sign-in with the caller's IP group", async () => {
    const { input } = await registerActive();
    const id = await accountId(input.email);
    const ipGroup = "2001:db8:1:2::/64";
    await signIn({ identifier: input.email, password: OTHER_PASSWORD, ipGroup });
    await signIn({ identifier: input.email, password: PASSWORD, ipGroup });
    await resendActivation(input.email, new Date(), { ipGroup });
    const events = (await listRecentAudit(id)).map((row) => [row.event, row.outcome, row.ipGroup]);
    expect(events).toEqual(
      expect.arrayContaining([
        ["sign_up", "created", "unknown"],
        ["sign_in_failed", "wrong-password", ipGroup],
        ["sign_in", "ok", ipGroup],
        ["resend", "not-pending", ipGroup],
      ]),
    );
  });

  it("does not write down requests the limits refused, for a known or an unknown identifier alike", async () => {
    const { input, miId } = await registerActive();
    const id = await accountId(input.email);
    const unknown = `nobody.${Date.now()}@example.com`;
    const outcomes = { known: [] as string[], unknown: [] as string[] };
    for (let i = 0; i < 7; i++) {
      outcomes.known.push(await requestPasswordReset(miId, new Date(), { ipGroup: `2001:db8:7:${i}::/64` }));
      outcomes.unknown.push(await requestPasswordReset(unknown, new Date(), { ipGroup: `2001:db8:8:${i}::/64` }));
      await resendActivation(input.email, new Date(), { ipGroup: `2001:db8:9:${i}::/64` });
    }
    expect(outcomes.known.filter((outcome) => outcome === "limited")).toHaveLength(2);
    expect(outcomes.unknown.filter((outcome) => outcome === "limited")).toHaveLength(2);
    const rows = await db.auditEvent.findMany({ where: { accountId: id, event: { in: ["password_reset_requested", "resend"] } } });
    expect(rows.filter((row) => row.event === "password_reset_requested").map((row) => row.outcome)).toEqual(Array(5).fill("sent"));
    expect(rows.filter((row) => row.event === "resend").map((row) => row.outcome)).toEqual(Array(5).fill("not-pending"));
    expect(await db.auditEvent.count({ where: { accountId: null, event: "password_reset_requested", ipGroup: { startsWith: "2001:db8:8:" } } })).toBe(5);
  });
});

describe("a stranger's rows are capped per address group and hour (issue 21, point 3)", () => {
  const rowsFrom = (ipGroup: string) => db.auditEvent.findMany({ where: { ipGroup }, orderBy: [{ at: "asc" }, { id: "asc" }] });

  it("150 presses on random activation links write the cap and a few counted flood rows, not 150 rows", async () => {
    const ipGroup = `198.51.100.${process.pid % 200}-flood`;
    const context = plainContext({ ipGroup });
    for (let i = 0; i < 150; i++) {
      const result = await activateAccount({ link: await loadActivationLink(`random-${i}-${"x".repeat(40)}`), proof: {} }, context);
      expect(result).toEqual({ ok: false, reason: "invalid" });
    }
    const rows = await rowsFrom(ipGroup);
    const activations = rows.filter((row) => row.event === "activation");
    const floods = rows.filter((row) => row.event === "audit_flood");
    expect(activations).toHaveLength(STRANGER_AUDIT_ROWS.points);
    // Left out: 50, counted at the 1st, 2nd, 4th… 32nd.
    expect(floods.map((row) => row.outcome)).toEqual(["1", "2", "4", "8", "16", "32"]);
    expect(rows).toHaveLength(STRANGER_AUDIT_ROWS.points + 6);
  });

  it("150 stranger rows written at once: the cap and the same counted flood rows as in sequence", async () => {
    const ipGroup = `198.51.100.${process.pid % 200}-burst`;
    await Promise.all(Array.from({ length: 150 }, (_, i) => recordAudit({ by: "stranger", event: "sign_in_failed", outcome: `burst-${i}`, ipGroup })));
    const rows = await rowsFrom(ipGroup);
    expect(rows.filter((row) => row.event === "sign_in_failed")).toHaveLength(STRANGER_AUDIT_ROWS.points);
    expect(rows.filter((row) => row.event === "audit_flood").map((row) => Number(row.outcome)).sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it("never caps the owner's rows, and one address group's flood leaves another's trail alone", async () => {
    const flooded = `203.0.113.${process.pid % 200}-owner`;
    const neighbour = `203.0.113.${process.pid % 200}-neighbour`;
    for (let i = 0; i < STRANGER_AUDIT_ROWS.points + 3; i++) await recordAudit({ by: "stranger", event: "sign_in_failed", outcome: "unknown-account", ipGroup: flooded });
    await recordAudit({ by: "owner", event: "sign_in", outcome: "ok", accountId: "owner-row", ipGroup: flooded });
    await recordAudit({ by: "stranger", event: "sign_in_failed", outcome: "unknown-account", ipGroup: neighbour });
    const events = (await rowsFrom(flooded)).map((row) => row.event);
    expect(events.filter((event) => event === "sign_in")).toEqual(["sign_in"]);
    expect(events.filter((event) => event === "audit_flood")).toHaveLength(2);
    expect((await rowsFrom(neighbour)).map((row) => row.event)).toEqual(["sign_in_failed"]);
  });

  it("a registered and an unregistered identifier are left out alike once the cap is reached", async () => {
    const ipGroup = `192.0.2.${process.pid % 200}-alike`;
    for (let i = 0; i < STRANGER_AUDIT_ROWS.points; i++) await recordAudit({ by: "stranger", event: "resend", outcome: "not-pending", ipGroup });
    const { input } = await registerPending();
    await resendActivation(input.email, undefined, { ipGroup });
    await resendActivation(newAccount().email, undefined, { ipGroup });
    const rows = await rowsFrom(ipGroup);
    expect(rows.filter((row) => row.event === "resend")).toHaveLength(STRANGER_AUDIT_ROWS.points);
    expect(rows.filter((row) => row.event === "audit_flood").map((row) => row.outcome)).toEqual(["1", "2"]);
  });
});
