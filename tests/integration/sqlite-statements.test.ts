import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { ArgType, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { cacheSqliteStatements, STATEMENTS_KEPT } from "@/lib/server/db/sqlite-statements";
import { testDatabaseKind } from "../support/database";

// The compiled-statement cache under the SQLite adapter (lib/server/db/sqlite-statements.ts), on a database file of
// its own: this is about SQLite's driver, whatever the suite's database (but the PostgreSQL pass skips it, below). Every answer must be exactly what the
// adapter gives without the cache, and a text must be compiled once, not once per run.

const dir = mkdtempSync(join(tmpdir(), "mi-statements-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const SCHEMA = `CREATE TABLE "Counter" ("key" TEXT PRIMARY KEY, "points" INTEGER NOT NULL, "big" BIGINT, "at" DATETIME, "flag" BOOLEAN)`;

/** A fresh database, opened once through the cache (counting compilations) and once through the bare adapter. */
async function openBoth() {
  const url = `file:${join(dir, `db-${++files}.db`)}`;
  const bare = await new PrismaBetterSQLite3({ url }).connect();
  await bare.executeScript(SCHEMA);
  let compiled = 0;
  const counting: SqlMigrationAwareDriverAdapterFactory = {
    provider: "sqlite",
    adapterName: "counting",
    connect: async () => {
      const adapter = await new PrismaBetterSQLite3({ url }).connect();
      const database = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
      const compile = database.prepare.bind(database);
      vi.spyOn(database, "prepare").mockImplementation((sql: string) => {
        compiled++;
        return compile(sql);
      });
      return adapter;
    },
    connectToShadowDb: () => Promise.reject(new Error("not used")),
  };
  const cached = await cacheSqliteStatements(counting).connect();
  return { cached, bare, compiled: () => compiled };
}

const types: Record<string, ArgType["scalarType"]> = { string: "string", number: "int", bigint: "bigint", boolean: "boolean", object: "datetime" };
const query = (sql: string, ...args: (string | number | bigint | boolean | Date | null)[]): SqlQuery => ({
  sql,
  args,
  argTypes: args.map((arg) => ({ arity: "scalar", scalarType: arg === null ? "string" : types[typeof arg]! })),
});

const INSERT = `INSERT INTO "Counter" ("key", "points", "big", "at", "flag") VALUES (?, ?, ?, ?, ?)`;
const SELECT = `SELECT "key", "points", "big", "at", "flag" FROM "Counter" WHERE "key" = ?`;

/** The same statements, in the same order, on one adapter; what each gave. */
async function script(adapter: SqlDriverAdapter) {
  const out: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    out.push(await adapter.executeRaw(query(INSERT, `k${i}`, i, 9_007_199_254_740_993n + BigInt(i), new Date(Date.UTC(2030, 0, 1, 0, 0, i)), i % 2 === 0)));
  }
  for (let i = 0; i < 20; i++) out.push(await adapter.queryRaw(query(SELECT, `k${i}`)));
  out.push(await adapter.queryRaw(query(SELECT, "missing")));
  out.push(await adapter.executeRaw(query(`UPDATE "Counter" SET "points" = "points" + ? WHERE "points" < ?`, 100, 5)));
  out.push(await adapter.queryRaw(query(`SELECT count(*) AS "n", sum("points") AS "total" FROM "Counter"`)));
  // A statement that reads nothing, sent as a query (the adapter runs it and answers no rows).
  out.push(await adapter.queryRaw(query(`DELETE FROM "Counter" WHERE "key" = ?`, "k19")));
  out.push(await adapter.queryRaw(query(`SELECT "key" FROM "Counter" WHERE "key" = ?`, "k19")));
  return out;
}

// SQLite's own: the SQLite pass runs it; the PostgreSQL pass (on another Node.js line, scripts/test.sh) opens no
// SQLite file.
describe.skipIf(testDatabaseKind() === "postgres")("compiled SQLite statements kept between runs", () => {
  it("answers every statement exactly as the adapter does without the cache", async () => {
    const { cached, bare } = await openBoth();
    const expected = await script(bare);
    // The two adapters open one file each: the second run starts on a database of its own.
    const again = await openBoth();
    expect(await script(again.cached)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(40);
    await Promise.all([cached.dispose(), bare.dispose(), again.cached.dispose(), again.bare.dispose()]);
  });

  it("compiles each text once, however many times and with whatever values it runs", async () => {
    const { cached, bare, compiled } = await openBoth();
    for (let i = 0; i < 50; i++) await cached.executeRaw(query(INSERT, `n${i}`, i, BigInt(i), new Date(), true));
    for (let i = 0; i < 50; i++) {
      const { rows } = await cached.queryRaw(query(SELECT, `n${i}`));
      expect(rows[0]?.slice(0, 2)).toEqual([`n${i}`, String(i)]); // INTEGER columns come back as text, as the adapter gives them
    }
    expect(compiled()).toBe(2);
    await Promise.all([cached.dispose(), bare.dispose()]);
  });

  it("keeps a statement usable after a run of it failed", async () => {
    const { cached, bare } = await openBoth();
    await cached.executeRaw(query(INSERT, "dup", 1, null, null, null));
    await expect(cached.executeRaw(query(INSERT, "dup", 2, null, null, null))).rejects.toThrow();
    expect(await cached.executeRaw(query(INSERT, "fresh", 3, null, null, null))).toBe(1);
    expect((await cached.queryRaw(query(SELECT, "fresh"))).rows[0]?.slice(0, 2)).toEqual(["fresh", "3"]);
    await Promise.all([cached.dispose(), bare.dispose()]);
  });

  it("runs transactions on cached statements: a rollback undoes, a commit keeps", async () => {
    const { cached, bare } = await openBoth();
    for (const ending of ["ROLLBACK", "COMMIT"]) {
      const tx = await cached.startTransaction();
      await tx.executeRaw(query(INSERT, ending, 1, null, null, null));
      await tx.executeRaw(query(ending));
      await tx.commit();
    }
    const { rows } = await bare.queryRaw(query(`SELECT "key" FROM "Counter" ORDER BY "key"`));
    expect(rows).toEqual([["COMMIT"]]);
    await Promise.all([cached.dispose(), bare.dispose()]);
  });

  it(`keeps at most ${STATEMENTS_KEPT} texts, letting go of the one least recently used`, async () => {
    const { cached, bare, compiled } = await openBoth();
    const text = (i: number) => `SELECT ? + ${i} AS "n"`;
    for (let i = 0; i < STATEMENTS_KEPT; i++) expect((await cached.queryRaw(query(text(i), 1))).rows).toEqual([[1 + i]]);
    expect(compiled()).toBe(STATEMENTS_KEPT);
    // Text 0 used again becomes the most recent, so the next new text pushes out text 1, the oldest use.
    await cached.queryRaw(query(text(0), 1));
    await cached.queryRaw(query(text(STATEMENTS_KEPT), 1));
    expect(compiled()).toBe(STATEMENTS_KEPT + 1);
    await cached.queryRaw(query(text(0), 1));
    await cached.queryRaw(query(text(2), 1));
    expect(compiled()).toBe(STATEMENTS_KEPT + 1);
    expect((await cached.queryRaw(query(text(1), 5))).rows).toEqual([[6]]);
    expect(compiled()).toBe(STATEMENTS_KEPT + 2);
    await Promise.all([cached.dispose(), bare.dispose()]);
  });

  it("describes a kept statement's columns as they are after a migration, on this connection or another", async () => {
    const { cached, bare } = await openBoth();
    await cached.executeRaw(query(INSERT, "m", 1700000000000, null, null, null));
    const all = `SELECT * FROM "Counter" WHERE "key" = ?`;
    expect((await cached.queryRaw(query(all, "m"))).columnNames).toEqual(["key", "points", "big", "at", "flag"]);
    // A column added on the very connection the statement was compiled on.
    await cached.executeScript(`ALTER TABLE "Counter" ADD COLUMN "note" TEXT DEFAULT 'x'`);
    const added = await cached.queryRaw(query(all, "m"));
    expect(added.columnNames).toEqual(["key", "points", "big", "at", "flag", "note"]);
    expect(added.rows[0]).toHaveLength(6);
    // Another process rebuilds the table with "points" as a timestamp: the kept statement reads it as one at once.
    const pick = `SELECT "key", "points" FROM "Counter" WHERE "key" = ?`;
    const before = await cached.queryRaw(query(pick, "m"));
    await bare.executeScript(`
      CREATE TABLE "Counter2" ("key" TEXT PRIMARY KEY, "points" DATETIME NOT NULL);
      INSERT INTO "Counter2" SELECT "key", "points" FROM "Counter";
      DROP TABLE "Counter";
      ALTER TABLE "Counter2" RENAME TO "Counter";`);
    const after = await cached.queryRaw(query(pick, "m"));
    const fresh = await bare.queryRaw(query(pick, "m"));
    expect(after).toEqual(fresh);
    expect(after.columnTypes).not.toEqual(before.columnTypes);
    await Promise.all([cached.dispose(), bare.dispose()]);
  });
});
