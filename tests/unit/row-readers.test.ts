import { describe, expect, it } from "vitest";
import { rowDate, rowDateOrNull, rowFlag, rowNumber, rowReader, rowText } from "@/lib/server/db/raw";

// Hand-written SQL's rows are read column by column (lib/server/db/raw.ts): what either database gives for the
// column's type is accepted, anything else is an error, never a silent cast.
describe("row readers", () => {
  const read = rowReader({ id: rowText, failures: rowNumber, expiresAt: rowDate, pausedUntil: rowDateOrNull });

  it("reads what SQLite gives (bigint, ISO text) and what PostgreSQL gives (numbers, Dates) alike", () => {
    const at = new Date("2026-12-06T01:02:03.004Z");
    expect(read({ id: "a", failures: 3n, expiresAt: at.toISOString(), pausedUntil: null })).toEqual({ id: "a", failures: 3, expiresAt: at, pausedUntil: null });
    expect(read({ id: "a", failures: 3, expiresAt: at, pausedUntil: at })).toEqual({ id: "a", failures: 3, expiresAt: at, pausedUntil: at });
  });

  it("refuses a missing column and a value of the wrong type", () => {
    const at = new Date();
    expect(() => read({ id: "a", failures: 1, expiresAt: at })).toThrow(/pausedUntil/);
    expect(() => read({ id: 7, failures: 1, expiresAt: at, pausedUntil: null })).toThrow(/text/);
    expect(() => read({ id: "a", failures: "many", expiresAt: at, pausedUntil: null })).toThrow(/number/);
    expect(() => read({ id: "a", failures: 1, expiresAt: "not a date", pausedUntil: null })).toThrow(/timestamp/);
    expect(() => read({ id: "a", failures: 1, expiresAt: at, pausedUntil: true })).toThrow(/timestamp/);
  });

  it("leaves out columns it was not asked for", () => {
    expect(Object.keys(read({ id: "a", failures: 0, expiresAt: new Date(), pausedUntil: null, extra: 1 }))).toEqual(["id", "failures", "expiresAt", "pausedUntil"]);
  });

  it("reads a yes/no as PostgreSQL (boolean) and SQLite (0 or 1, as a number, bigint or the adapter's text) give it", () => {
    for (const yes of [true, 1, 1n, "1"]) expect(rowFlag(yes)).toBe(true);
    for (const no of [false, 0, 0n, "0"]) expect(rowFlag(no)).toBe(false);
    for (const other of [2, "true", "", null, undefined]) expect(() => rowFlag(other)).toThrow(/yes\/no/);
  });
});
