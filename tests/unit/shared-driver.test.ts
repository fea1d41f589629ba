import { describe, expect, it } from "vitest";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { shareDriver } from "@/lib/server/db/driver";

// lib/server/db/driver.ts: the Prisma client and hand-written SQL share one driver connection, opened once, and
// opened anew after the client disposes of it ($disconnect). Here against a stand-in driver that counts openings.

/** A stand-in driver connection; a class, as the real adapters are, whose `dispose` needs its own `this`. */
class CountingAdapter {
  readonly provider = "sqlite";
  readonly adapterName = "counting";
  constructor(
    readonly id: number,
    private readonly state: { disposed: boolean },
  ) {}
  async queryRaw() {
    return { columnNames: ["id"], columnTypes: [], rows: [[this.id]] };
  }
  async dispose() {
    this.state.disposed = true;
  }
}

function countingFactory(failFirst = 0) {
  const opened: { id: number; disposed: boolean }[] = [];
  let failures = failFirst;
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "sqlite",
    adapterName: "counting",
    connect: async () => {
      if (failures-- > 0) throw new Error("database away");
      const state = { id: opened.length + 1, disposed: false };
      opened.push(state);
      return new CountingAdapter(state.id, state) as unknown as SqlDriverAdapter;
    },
    connectToShadowDb: () => Promise.reject(new Error("not used")),
  };
  return { factory, opened };
}

const idOf = (adapter: SqlDriverAdapter) => (adapter as unknown as { id: number }).id;

describe("one driver connection shared by the client and hand-written SQL", () => {
  it("gives the client and the SQL the very same connection, opened once", async () => {
    const { factory, opened } = countingFactory();
    const shared = shareDriver(factory);
    const [forClient, forSql, again] = await Promise.all([shared.factory.connect(), shared.connection(), shared.connection()]);
    expect(forClient).toBe(forSql);
    expect(again).toBe(forSql);
    expect(opened).toHaveLength(1);
    // Methods still reach the driver itself.
    expect((await forSql.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] })).rows).toEqual([[1]]);
  });

  it("opens a new connection after the client disposes of the old one, which is really closed", async () => {
    const { factory, opened } = countingFactory();
    const shared = shareDriver(factory);
    const first = await shared.factory.connect();
    await first.dispose();
    expect(opened[0]!.disposed).toBe(true);
    const second = await shared.connection();
    expect(idOf(second)).toBe(2);
    expect(await shared.factory.connect()).toBe(second);
  });

  it("does not let a late dispose of an old connection drop the newer one", async () => {
    const { factory, opened } = countingFactory();
    const shared = shareDriver(factory);
    const first = await shared.connection();
    await first.dispose();
    const second = await shared.connection();
    await first.dispose(); // again, late
    expect(await shared.connection()).toBe(second);
    expect(opened).toHaveLength(2);
    expect(opened[1]!.disposed).toBe(false);
  });

  it("tries again on the next call after a connection could not be opened", async () => {
    const { factory, opened } = countingFactory(1);
    const shared = shareDriver(factory);
    await expect(shared.connection()).rejects.toThrow("database away");
    expect(idOf(await shared.connection())).toBe(1);
    expect(opened).toHaveLength(1);
  });
});
