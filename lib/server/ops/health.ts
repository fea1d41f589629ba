import "server-only";
import { probeDatabase } from "@/lib/server/ops/database-status";
import { db } from "@/lib/server/db/client";
import { errorSummary, log } from "@/lib/server/log";
import { outboxCounts } from "@/lib/server/mail/outbox";

export type Health = {
  status: "ok" | "unavailable";
  database: "up" | "down";
  outbox?: { pending: number; retrying: number; dead: number };
};

/** Whether the portal can serve (its database answers), and the outbox figures operators watch. */
export async function checkHealth(): Promise<Health> {
  try {
    // The app's connection could answer "SELECT 1" without touching the file; the probe really reads it.
    if (!probeDatabase()) return { status: "unavailable", database: "down" };
    await db.$queryRawUnsafe("SELECT 1");
    return { status: "ok", database: "up", outbox: await outboxCounts() };
  } catch (error) {
    log.error("health.database-down", { error: errorSummary(error) });
    return { status: "unavailable", database: "down" };
  }
}
