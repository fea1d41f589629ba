import "server-only";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { env } from "@/lib/server/config/env";
import { errorSummary, log } from "@/lib/server/log";

// Whether the database can be read right now, as seen by a probe on a connection of its own with a short wait:
// the app's own connection waits up to 10 s for a lock, far too long to tell people "try again shortly". The
// answer is cached for two seconds (a hint for the proxy, not state that matters), and refreshed in the
// background, so a request never waits for the probe and the portal recovers by itself when the database does.
const PROBE_EVERY_MS = 2_000;
const PROBE_WAIT_MS = 200;

const state = globalThis as unknown as { miDatabaseStatus?: { up: boolean; checkedAt: number; probing: boolean } };
const status = (state.miDatabaseStatus ??= { up: true, checkedAt: 0, probing: false });

export function probeDatabase(): boolean {
  try {
    const connection = new Database(resolve(env.DATABASE_URL.slice("file:".length)), {
      readonly: true,
      fileMustExist: true,
      timeout: PROBE_WAIT_MS,
    });
    try {
      connection.prepare('SELECT COUNT(*) FROM "_sqlite_write_lock"').get();
    } finally {
      connection.close();
    }
    return true;
  } catch (error) {
    log.warn("database.unavailable", { error: errorSummary(error) });
    return false;
  }
}

/** The last probe's answer; starts a new probe when it is older than two seconds. */
export function databaseLooksUp(now = Date.now()): boolean {
  if (now - status.checkedAt > PROBE_EVERY_MS && !status.probing) {
    status.probing = true;
    setImmediate(() => {
      status.up = probeDatabase();
      status.checkedAt = Date.now();
      status.probing = false;
    });
  }
  return status.up;
}
