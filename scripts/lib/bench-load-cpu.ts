// The machine's CPU time during scripts/bench-load.ts's measurements, from Linux's /proc/stat: all cores and all
// processes (the portals, PostgreSQL, HAProxy, the load generator). Divided by the sign-ins a window completed
// and set against bcrypt's own per compare, it shows what the rest of a sign-in costs: on cores that bcrypt
// already keeps busy, a set-up can only sign in faster by spending less CPU per sign-in, however many instances
// it runs. Steal is the time the hypervisor gave this machine's cores to someone else: the drift between runs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export type CpuReading = { busyMs: number; stealMs: number; at: number };

let msPerTick: number | undefined;
function tickMs(): number {
  if (msPerTick === undefined) {
    const perSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    msPerTick = 1000 / (perSecond > 0 ? perSecond : 100);
  }
  return msPerTick;
}

/** CPU time spent so far on all cores (idle, I/O wait and steal not counted), or null where /proc/stat is missing. */
export function readCpu(): CpuReading | null {
  try {
    // cpu user nice system idle iowait irq softirq steal …, in clock ticks.
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    if ([user, nice, system, irq, softirq, steal].some((n) => !Number.isFinite(n))) return null;
    const tick = tickMs();
    return { busyMs: (user! + nice! + system! + irq! + softirq!) * tick, stealMs: steal! * tick, at: performance.now() };
  } catch {
    return null;
  }
}

export type CpuUse = { msPer: number; stealShare: number };

/** CPU ms per unit of work done between two readings, and the share of the wall time the hypervisor stole. */
export function cpuPer(before: CpuReading | null, after: CpuReading | null, units: number, cores: number): CpuUse | null {
  if (!before || !after || units <= 0) return null;
  const wallMs = (after.at - before.at) * cores;
  return { msPer: (after.busyMs - before.busyMs) / units, stealShare: wallMs > 0 ? (after.stealMs - before.stealMs) / wallMs : 0 };
}
