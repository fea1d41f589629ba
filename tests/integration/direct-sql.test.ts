import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { rowDate, rowDateOrNull, rowNumber } from "@/lib/server/db/raw";
import { sql, withKeysLocked } from "@/lib/server/db/sql";
import { QueryOutsideTransactionError } from "@/lib/server/db/transaction-scope";
import { listRecentAudit, recordAudit } from "@/lib/server/security/audit";
import { newAccount, registerPending } from "../support/fixtures";
import { testDatabaseKind } from "../support/database";

// Hand-written SQL straight to the driver (lib/server/db/sql.ts), run on whichever database the suite runs on:
// values must be stored as the Prisma client stores them, so each side reads what the other wrote.

const key = (tag: string) => `direct-sql-${tag}-${Math.random().toString(36).slice(2)}`;

describe("hand-written SQL on the client's own connection", () => {
  it("writes timestamps, integers and NULL that the Prisma client reads back as the same values", async () => {
    const k = key("write");
    const expire = new Date("2031-02-03T04:05:06.789Z");
    expect(await sql.run`INSERT INTO "RateLimitCounter" ("key", "points", "expire") VALUES (${k}, ${7}, ${expire})`).toBe(1);
    expect(await db.rateLimitCounter.findUniqueOrThrow({ where: { key: k } })).toEqual({ key: k, points: 7, expire });
  });

  it("reads what the Prisma client wrote, and compares its timestamps with parameters to the millisecond", async () => {
    const k = key("read");
    const expire = new Date("2030-06-07T08:09:10.011Z");
    await db.rateLimitCounter.create({ data: { key: k, points: 3, expire } });
    const [row] = await sql.rows<{ points: unknown; expire: unknown }>`SELECT "points", "expire" FROM "RateLimitCounter" WHERE "key" = ${k}`;
    expect({ points: rowNumber(row!.points), expire: rowDate(row!.expire) }).toEqual({ points: 3, expire });
    const later = await sql.rows`SELECT "key" FROM "RateLimitCounter" WHERE "key" = ${k} AND "expire" > ${new Date(expire.getTime() - 1)}`;
    const same = await sql.rows`SELECT "key" FROM "RateLimitCounter" WHERE "key" = ${k} AND "expire" = ${expire}`;
    const earlier = await sql.rows`SELECT "key" FROM "RateLimitCounter" WHERE "key" = ${k} AND "expire" > ${new Date(expire.getTime() + 1)}`;
    expect([later.length, same.length, earlier.length]).toEqual([1, 1, 0]);
  });

  it("reads a NULL timestamp as null and a missing row as no row", async () => {
    const k = key("null");
    await db.signInThrottle.create({ data: { key: k, failures: 1, expiresAt: new Date(Date.now() + 60_000), pausedUntil: null } });
    const [row] = await sql.rows<{ pausedUntil: unknown }>`SELECT "pausedUntil" FROM "SignInThrottle" WHERE "key" = ${k}`;
    expect(rowDateOrNull(row!.pausedUntil)).toBeNull();
    expect(await sql.rows`SELECT "key" FROM "SignInThrottle" WHERE "key" = ${key("none")}`).toEqual([]);
  });

  it("sends text as a parameter, never as SQL", async () => {
    const hostile = `x'); DROP TABLE "RateLimitCounter"; --`;
    expect(await sql.rows`SELECT "key" FROM "RateLimitCounter" WHERE "key" = ${hostile}`).toEqual([]);
    expect(await db.rateLimitCounter.count()).toBeGreaterThanOrEqual(0);
  });
});

describe("withKeysLocked", () => {
  it("commits what the callback wrote through its tx", async () => {
    const k = key("commit");
    await withKeysLocked([k], (tx) => tx.run`INSERT INTO "RateLimitCounter" ("key", "points", "expire") VALUES (${k}, 1, ${new Date()})`);
    expect(await db.rateLimitCounter.count({ where: { key: k } })).toBe(1);
  });

  it("rolls everything back when the callback throws, and the error reaches the caller", async () => {
    const k = key("rollback");
    const failing = withKeysLocked([k], async (tx) => {
      await tx.run`INSERT INTO "RateLimitCounter" ("key", "points", "expire") VALUES (${k}, 1, ${new Date()})`;
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    expect(await db.rateLimitCounter.count({ where: { key: k } })).toBe(0);
  });

  it("refuses at once a statement outside its tx from inside the callback, and rolls back", async () => {
    const k = key("outside");
    const attempt = withKeysLocked([k], async (tx) => {
      await tx.run`INSERT INTO "RateLimitCounter" ("key", "points", "expire") VALUES (${k}, 1, ${new Date()})`;
      await sql.rows`SELECT 1 AS "one"`;
    });
    await expect(attempt).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    expect(await db.rateLimitCounter.count({ where: { key: k } })).toBe(0);
  });

  it("refuses at once another locked transaction opened from inside the callback, or from inside db.$transaction", async () => {
    const k = key("nested");
    const nested = withKeysLocked([k], () => withKeysLocked([key("inner")], async () => "never"));
    await expect(nested).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    const insidePrisma = db.$transaction(() => withKeysLocked([k], async () => "never"));
    await expect(insidePrisma).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    // Nothing is left holding the connection: the next one runs.
    expect(await withKeysLocked([k], async (tx) => (await tx.rows<{ one: unknown }>`SELECT 1 AS "one"`).length)).toBe(1);
  });

  it("runs with no keys at all", async () => {
    expect(await withKeysLocked([], async (tx) => (await tx.rows<{ one: unknown }>`SELECT 1 AS "one"`).length)).toBe(1);
  });

  it("runs callers holding the same key one after another: 20 read-then-write increments lose none", async () => {
    const k = key("counter");
    await db.rateLimitCounter.create({ data: { key: k, points: 0, expire: new Date(Date.now() + 60_000) } });
    const increment = () =>
      withKeysLocked([k, key("other")], async (tx) => {
        const [row] = await tx.rows<{ points: unknown }>`SELECT "points" FROM "RateLimitCounter" WHERE "key" = ${k}`;
        await new Promise((resolve) => setTimeout(resolve, 2)); // let the others run meanwhile, if they could
        await tx.run`UPDATE "RateLimitCounter" SET "points" = ${rowNumber(row!.points) + 1} WHERE "key" = ${k}`;
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    expect((await db.rateLimitCounter.findUniqueOrThrow({ where: { key: k } })).points).toBe(20);
  });
});

describe.skipIf(testDatabaseKind() !== "postgres")("hand-written SQL on PostgreSQL", () => {
  it("is prepared once on a connection and sent by name after that, with the values of each use", async () => {
    const k = key("prepared");
    // One transaction keeps one connection, so what that connection has prepared can be read on it.
    const seen = await withKeysLocked([k], async (tx) => {
      const read = async (n: number) => (await tx.rows<{ n: unknown }>`SELECT ${n}::int AS "n"`)[0]!.n;
      const values = [await read(1), await read(2)];
      const prepared = await tx.rows<{ statement: string }>`SELECT "statement" FROM pg_prepared_statements`;
      return { values, prepared: prepared.map((row) => row.statement) };
    });
    expect(seen.values).toEqual([1, 2]);
    expect(seen.prepared).toContain('SELECT $1::int AS "n"');
    expect(seen.prepared.filter((text) => text === 'SELECT $1::int AS "n"')).toHaveLength(1);
    // The lock statement of withKeysLocked too.
    expect(seen.prepared.some((text) => text.startsWith("SELECT pg_advisory_xact_lock"))).toBe(true);
  });
});

describe("the audit trail written by hand", () => {
  it("stores every event name as the Prisma client names it", async () => {
    const { input } = await registerPending(newAccount());
    const { id } = await db.account.findFirstOrThrow({ where: { email: input.email }, select: { id: true } });
    const names = ["sign_up", "activation", "sign_in", "sign_in_failed", "lockout", "resend", "sign_out", "sign_out_everywhere", "password_reset_requested", "password_reset", "password_changed", "offers_changed", "account_deleted", "audit_flood"] as const;
    const start = new Date(Date.now() + 24 * 60 * 60 * 1000);
    for (const [i, event] of names.entries()) await recordAudit({ by: "owner", event, outcome: `o${i}`, accountId: id }, new Date(start.getTime() + i));
    const stored = await db.auditEvent.findMany({ where: { accountId: id, at: { gte: start } }, orderBy: { at: "asc" } });
    expect(stored.map((row) => row.event)).toEqual([...names]);
  });

  it("keeps the insertion order of events written in the same millisecond", async () => {
    const { input } = await registerPending(newAccount());
    const { id } = await db.account.findFirstOrThrow({ where: { email: input.email }, select: { id: true } });
    const same = new Date(Date.now() + 48 * 60 * 60 * 1000);
    for (let i = 0; i < 5; i++) await recordAudit({ by: "owner", event: "sign_in", outcome: `same-${i}` , accountId: id }, same);
    expect((await listRecentAudit(id, 5)).map((row) => row.outcome)).toEqual(["same-4", "same-3", "same-2", "same-1", "same-0"]);
  });
});
