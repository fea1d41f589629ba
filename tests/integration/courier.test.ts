import { describe, expect, it } from "vitest";
import { cancelMessages, forgetMessages, messageRefused, queueMessage, sendDueMessages, sendMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { inbox } from "../support/integration-context";

// The courier knows messages only (lib/server/courier/outbox.ts): a flow finds its messages again by the opaque
// reference it queued them under, to cancel them or forget them. Nothing here is an account or a link.
let n = 0;
const to = () => `courier-${process.pid}-${++n}@example.com`;
const message = (over: { to: string; reference?: string; secret?: boolean; kind?: "activation" | "already_registered" }) => ({
  kind: over.kind ?? ("activation" as const),
  subject: "Subject",
  html: "<p>https://portal.example/activate?token=secret</p>",
  text: "https://portal.example/activate?token=secret",
  ...over,
});

describe("courier", () => {
  it("cancels the unsent messages of one kind and reference, clearing a secret body, and nothing else", async () => {
    const now = new Date();
    const [a, b, c] = [to(), to(), to()];
    const mine = await queueMessage(db, { ...message({ to: a, reference: "ref-1", secret: true }), now });
    const otherKind = await queueMessage(db, { ...message({ to: b, reference: "ref-1", kind: "already_registered" }), now });
    const otherReference = await queueMessage(db, { ...message({ to: c, reference: "ref-2", secret: true }), now });

    expect(await cancelMessages(db, { kind: "activation", reference: "ref-1" })).toBe(1);
    const rows = await db.outboxMessage.findMany({ where: { id: { in: [mine, otherKind, otherReference] } } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(mine)).toMatchObject({ status: "skipped", html: "", text: "" });
    expect(byId.get(otherKind)).toMatchObject({ status: "pending" });
    expect(byId.get(otherReference)).toMatchObject({ status: "pending", text: expect.stringContaining("token=secret") });

    // A cancelled message is never sent; the others are.
    expect(await sendMessage({ id: mine, now })).toBe("busy");
    await sendDueMessages({ now });
    expect(inbox().messages().map((mail) => mail.to[0]).sort()).toEqual([b, c].sort());
    // Once sent, a secret body is gone too.
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: otherReference } })).toMatchObject({ status: "sent", text: "" });
  });

  it("forgets every message under a reference, sent or not", async () => {
    const now = new Date();
    const kept = await queueMessage(db, { ...message({ to: to(), reference: "ref-keep" }), now });
    await queueMessage(db, { ...message({ to: to(), reference: "ref-gone" }), now });
    await sendDueMessages({ now });
    await queueMessage(db, { ...message({ to: to(), reference: "ref-gone" }), now });
    await forgetMessages(db, { reference: "ref-gone" });
    expect(await db.outboxMessage.count({ where: { reference: "ref-gone" } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { id: kept } })).toBe(1);
  });

  it("tells a message refused for good from one that is only late", async () => {
    const now = new Date();
    inbox().refuse(550);
    const refused = await queueMessage(db, { ...message({ to: to() }), now });
    expect(await sendMessage({ id: refused, now })).toBe("dead");
    inbox().refuse(421);
    const late = await queueMessage(db, { ...message({ to: to() }), now });
    expect(await sendMessage({ id: late, now })).toBe("retrying");
    inbox().accept();
    expect(await messageRefused(refused)).toBe(true);
    expect(await messageRefused(late)).toBe(false);
    expect(await messageRefused("no-such-message")).toBe(false);
  });
});
