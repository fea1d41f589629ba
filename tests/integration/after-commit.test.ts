import { describe, expect, it } from "vitest";
import { queueMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { afterCommit } from "@/lib/server/flows/after-commit";
import { plainContext } from "@/lib/server/flows/context";
import { inbox } from "../support/integration-context";

// Every flow ends through afterCommit (lib/server/flows/after-commit.ts): audit rows with the request's address
// group, the queued mail sent at once or handed to the after-response hook, the first failure's own step.
let n = 0;
const address = () => `after-commit-${process.pid}-${++n}@example.com`;
// Queued at the request's own clock, as a flow does: a message is due from the moment it was queued.
const queued = async (to: string, now: Date) => ({ messageId: await queueMessage(db, { kind: "already_registered", to, subject: "S", html: "<p>h</p>", text: "t", now }) });

describe("afterCommit", () => {
  it("writes the audit rows with the request's address group, or without one when asked", async () => {
    const accountId = `after-commit-${process.pid}-account`;
    const context = plainContext({ ipGroup: "198.51.100.7" });
    expect(await afterCommit(context, { audit: [{ event: "sign_in", outcome: "ok", accountId, by: "owner" }, { event: "account_deleted", outcome: "ok", accountId, by: "owner", withoutAddress: true }] })).toBe("none");
    const rows = await db.auditEvent.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.event, row.ipGroup])).toEqual([["sign_in", "198.51.100.7"], ["account_deleted", null]]);
  });

  it("sends at once without an after-response hook, and only after the response with one", async () => {
    const atOnce = address();
    const plain = plainContext();
    expect(await afterCommit(plain, { send: [await queued(atOnce, plain.now)] })).toBe("sent");
    expect(inbox().messages().some((mail) => mail.to[0] === atOnce)).toBe(true);

    const later = address();
    const hooked: (() => Promise<void>)[] = [];
    const context = plainContext({ afterResponse: (work) => void hooked.push(work) });
    const dispatch = await afterCommit(context, { send: [await queued(later, context.now)] });
    expect(dispatch).toBe("after-response");
    expect(inbox().messages().some((mail) => mail.to[0] === later)).toBe(false);
    await hooked[0]!();
    expect(inbox().messages().some((mail) => mail.to[0] === later)).toBe(true);
  });

  it("runs a message's own step when its first try fails", async () => {
    const unsent: string[] = [];
    inbox().refuse(421);
    const plain = plainContext();
    const { messageId } = await queued(address(), plain.now);
    expect(await afterCommit(plain, { send: [{ messageId, ifUnsent: async () => void unsent.push(messageId) }] })).toBe("failed");
    inbox().accept();
    expect(unsent).toEqual([messageId]);
  });
});
