import "server-only";
import { probeDatabase } from "@/lib/server/db/probe";
import { errorSummary, log } from "@/lib/server/log";

// Whether the database looks up, for the front door's calm 503 page. The answer is cached for two seconds (a hint,
// not state that matters) and refreshed in the background, so a request never waits for the probe and the
// portal recovers by itself when the database does. It is "down" only after two probes in a row failed: one
// slow answer on a machine at full load is not an outage, and turning everyone away for it would make one.
const PROBE_EVERY_MS = 2_000;
const FAILURES_FOR_DOWN = 2;

const state = globalThis as unknown as { miDatabaseStatus?: { up: boolean; failures: number; checkedAt: number; probing: boolean } };
const status = (state.miDatabaseStatus ??= { up: true, failures: 0, checkedAt: 0, probing: false });

/** Asks the database now (lib/server/db/probe.ts), logging why when it does not answer. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    return await probeDatabase();
  } catch (error) {
    log.warn("database.unavailable", { error: errorSummary(error) });
    return false;
  }
}

/** The last probe's answer; starts a new probe when it is older than two seconds. */
export function databaseLooksUp(now = Date.now()): boolean {
  if (now - status.checkedAt > PROBE_EVERY_MS && !status.probing) {
    status.probing = true;
    void databaseAnswers().then((answered) => {
      status.failures = answered ? 0 : status.failures + 1;
      status.up = status.failures < FAILURES_FOR_DOWN;
      status.checkedAt = Date.now();
      status.probing = false;
    });
  }
  return status.up;
}
