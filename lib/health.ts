import { db } from "./db";
import { errorSummary, log } from "./log";
import { outboxCounts } from "./outbox";

export type Health = {
  status: "ok" | "unavailable";
  database: "up" | "down";
  outbox?: { pending: number; retrying: number; dead: number };
};

/** Whether the portal can serve (its database answers), and the outbox figures operators watch. */
export async function checkHealth(): Promise<Health> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { status: "ok", database: "up", outbox: await outboxCounts() };
  } catch (error) {
    log.error("health.database-down", { error: errorSummary(error) });
    return { status: "unavailable", database: "down" };
  }
}
