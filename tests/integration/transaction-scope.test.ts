import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { QueryOutsideTransactionError } from "@/lib/server/db/transaction-scope";
import { newAccount, registerPending } from "../support/fixtures";

// A query on `db` inside a transaction callback would wait for that same transaction on SQLite's one
// connection; it must fail at once, naming the mistake, and roll the transaction back.
describe("queries inside a transaction callback", () => {
  it("a query on db inside the callback fails at once with an error that says to use tx", async () => {
    const { input } = await registerPending(newAccount());
    const attempt = db.$transaction(async (tx) => {
      await tx.account.updateMany({ where: { email: input.email }, data: { country: "ES" } });
      await db.account.count();
    });
    await expect(attempt).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    await expect(attempt).rejects.toThrow(/use the callback's `tx` client/);
    expect(await db.account.findFirstOrThrow({ where: { email: input.email } })).toMatchObject({ country: input.country });
  });

  it("queries on tx inside, and on db after the transaction, work as before", async () => {
    const { input } = await registerPending(newAccount());
    const count = await db.$transaction(async (tx) => {
      await tx.account.updateMany({ where: { email: input.email }, data: { country: "ES" } });
      return tx.account.count({ where: { email: input.email } });
    });
    expect(count).toBe(1);
    expect(await db.account.findFirstOrThrow({ where: { email: input.email } })).toMatchObject({ country: "ES" });
  });

  it("batch transactions (an array of queries) are left alone", async () => {
    const [accounts, drafts] = await db.$transaction([db.account.count(), db.registrationDraft.count()]);
    expect(accounts).toBeGreaterThanOrEqual(0);
    expect(drafts).toBeGreaterThanOrEqual(0);
  });
});
