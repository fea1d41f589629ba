import { describe, expect, it, vi } from "vitest";
import { occasionalSweep } from "@/lib/server/ops/sweep";

describe("occasionalSweep", () => {
  it("runs at most once per interval, whoever calls it", () => {
    const work = vi.fn(() => Promise.resolve());
    const sweep = occasionalSweep({ name: "test", everyMs: 60_000, sweep: work });
    const t0 = Date.UTC(2026, 10, 27, 8, 0, 0);
    sweep(new Date(t0));
    sweep(new Date(t0 + 1_000));
    sweep(new Date(t0 + 59_999));
    expect(work).toHaveBeenCalledTimes(1);
    sweep(new Date(t0 + 60_000));
    expect(work).toHaveBeenCalledTimes(2);
    expect(work).toHaveBeenLastCalledWith(new Date(t0 + 60_000));
  });

  it("never lets a failed sweep reach the request that started it", async () => {
    const sweep = occasionalSweep({ name: "test", everyMs: 60_000, sweep: () => Promise.reject(new Error("database gone")) });
    expect(() => sweep(new Date())).not.toThrow();
    // The rejection is handled (logged): an unhandled one would fail the run.
    await new Promise((done) => setTimeout(done, 10));
  });
});
