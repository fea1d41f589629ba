import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { isConflict, retryConflicts } from "@/lib/server/db/conflicts";

// What counts as PostgreSQL aborting work for a conflict, in every shape it reaches the code, and that such work,
// and only such work, runs again (lib/server/db/conflicts.ts). The integration test contention.test.ts makes
// PostgreSQL itself abort writes; this pins the shapes, including the one that was missed (issue 21).

const pgError = (code: string) => Object.assign(new Error("could not serialize access"), { code, severity: "ERROR" });

describe("isConflict", () => {
  it("knows a serialization failure or a deadlock however it is wrapped", () => {
    const shapes: unknown[] = [
      { code: "P2034", message: "Transaction failed due to a write conflict or a deadlock" },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "TransactionWriteConflict" } } } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", code: "40P01", originalCode: "40P01" } } } },
      // The adapter's own error, unwrapped: hand-written SQL, or an error at COMMIT. This is the one CI lost sign-ups to.
      new DriverAdapterError({ kind: "TransactionWriteConflict", originalCode: "40001", originalMessage: "could not serialize access due to read/write dependencies among transactions" }),
      new DriverAdapterError({ kind: "postgres", code: "40P01", severity: "ERROR", message: "deadlock detected", detail: undefined, column: undefined, hint: undefined, originalCode: "40P01", originalMessage: "deadlock detected" }),
      pgError("40001"),
      pgError("40P01"),
    ];
    for (const shape of shapes) expect(isConflict(shape), JSON.stringify(shape)).toBe(true);
  });

  it("knows nothing else: unique violations, timeouts, SQLite's busy, plain errors", () => {
    const shapes: unknown[] = [
      null,
      undefined,
      "40001",
      new Error("40001"),
      { code: "P2002", meta: { target: ["emailKey"] } },
      { code: "P2028", message: "Transaction already closed" },
      new DriverAdapterError({ kind: "UniqueConstraintViolation", constraint: { fields: ["emailKey"] } }),
      new DriverAdapterError({ kind: "postgres", code: "23505", severity: "ERROR", message: "duplicate key", detail: undefined, column: undefined, hint: undefined, originalCode: "23505", originalMessage: "duplicate key" }),
      pgError("25P02"),
      Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }),
      { name: "Other", cause: { kind: "TransactionWriteConflict" } },
    ];
    for (const shape of shapes) expect(isConflict(shape), String(shape)).toBe(false);
  });
});

describe("retryConflicts", () => {
  it("runs work PostgreSQL aborted again until it passes", async () => {
    let tries = 0;
    const result = await retryConflicts(async () => {
      tries += 1;
      if (tries < 4) throw pgError(tries % 2 ? "40001" : "40P01");
      return "done";
    });
    expect(result).toBe("done");
    expect(tries).toBe(4);
  });

  it("never runs again work that failed for another reason", async () => {
    let tries = 0;
    await expect(
      retryConflicts(async () => {
        tries += 1;
        throw pgError("23505");
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(tries).toBe(1);
  });

  it("gives up after ten tries, with the last conflict", async () => {
    let tries = 0;
    await expect(
      retryConflicts(async () => {
        tries += 1;
        throw pgError("40001");
      }),
    ).rejects.toMatchObject({ code: "40001" });
    expect(tries).toBe(10);
  });
});
