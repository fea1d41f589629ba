import { describe, expect, it } from "vitest";
import { newCuid } from "@/lib/server/db/ids";

describe("newCuid", () => {
  it("has the cuid layout Prisma's @default(cuid()) makes", () => {
    expect(newCuid()).toMatch(/^c[a-z0-9]{24}$/);
  });

  it("sorts by time, and within one millisecond by the order made", () => {
    const ms = Date.UTC(2026, 10, 27, 9, 0, 0);
    const sameMs = Array.from({ length: 50 }, () => newCuid(ms));
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(newCuid(ms + 1) > sameMs.at(-1)!).toBe(true);
    expect(new Set(sameMs).size).toBe(50);
  });
});
