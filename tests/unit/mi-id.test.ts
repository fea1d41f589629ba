import { describe, expect, it, vi } from "vitest";
import { newMiId } from "@/lib/server/identity/mi-id";
import { isMiId, MI_ID_PATTERN } from "@/lib/shared/mi-id";

describe("newMiId", () => {
  it("draws 10-digit IDs not starting with 0, and they differ", () => {
    const ids = Array.from({ length: 2000 }, () => newMiId());
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{9}$/);
    // 2000 draws from 9e9 values: a repeat would mean the draw is not random.
    expect(new Set(ids).size).toBe(ids.length);
    // Over 2000 draws every leading digit 1–9 shows up; a narrow range would not.
    expect(new Set(ids.map((id) => id[0])).size).toBe(9);
  });

  it("asks the random source for [1e9, 1e10) and uses its answer as is", () => {
    const random = vi.fn((min: number) => min);
    expect(newMiId(random)).toBe("1000000000");
    expect(random).toHaveBeenCalledWith(1_000_000_000, 10_000_000_000);
  });

  it("gives a valid ID at both ends of the range", () => {
    const lowest = newMiId((min) => min);
    const highest = newMiId((_min, max) => max - 1);
    expect([lowest, highest]).toEqual(["1000000000", "9999999999"]);
    expect(isMiId(lowest) && isMiId(highest)).toBe(true);
  });
});

describe("isMiId", () => {
  it.each(["1000000000", "9999999999", "5820146397"])("accepts %j", (value) => {
    expect(isMiId(value)).toBe(true);
  });

  it.each(["0123456789", "999999999", "10000000000", " 1234567890", "1234567890\n", "12345678a0", "", "１２３４５６７８９０"])(
    "refuses %j",
    (value) => {
      expect(isMiId(value)).toBe(false);
    },
  );

  it("is the documented pattern", () => {
    expect(MI_ID_PATTERN.source).toBe("^[1-9][0-9]{9}$");
  });
});
