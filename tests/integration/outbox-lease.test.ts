import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { sendDueMessages } from "@/lib/server/courier/outbox";
import { at, MINUTE, newAccount } from "../support/fixtures";
import { inbox } from "../support/integration-context";
import { registerAccount } from "../support/flows";

afterEach(() => {
  vi.restoreAllMocks();
  inbox().accept();
});

// A batch of the worker with a slow mail server: each claim's lease must count from the clock as that claim is
// made. Counted from the batch's start, a message claimed late would hold a lease that had already run out,
// and another instance could take it and send it twice.
describe("outbox leases", () => {
  it("count from each claim, not from the start of the batch", async () => {
    const t0 = new Date();
    inbox().refuse(421);
    await registerAccount(newAccount(), t0);
    await registerAccount(newAccount(), t0);
    inbox().accept();

    // Each claim (a conditional update that sets a lease) is followed by 40 s of sending, as the clock tells it.
    const realNow = Date.now.bind(Date);
    let claims = 0;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + claims * 40_000);
    const leases: number[] = [];
    const updateMany = db.outboxMessage.updateMany.bind(db.outboxMessage);
    vi.spyOn(db.outboxMessage, "updateMany").mockImplementation(((args: { data: { leaseUntil?: unknown } }) => {
      if (args.data.leaseUntil instanceof Date) {
        leases.push(args.data.leaseUntil.getTime());
        claims += 1;
      }
      return updateMany(args as never);
    }) as never);

    expect(await sendDueMessages({ now: at(t0, 2 * MINUTE) })).toMatchObject({ sent: 2 });
    expect(leases).toHaveLength(2);
    expect(leases[1]! - leases[0]!).toBeGreaterThanOrEqual(40_000);
  });
});
