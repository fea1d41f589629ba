import { db } from "./db";
import { errorSummary, log } from "./log";

export type Health = { status: "ok" | "unavailable"; database: "up" | "down" };

/** Whether the portal can serve: today, whether its database answers a query. */
export async function checkHealth(): Promise<Health> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { status: "ok", database: "up" };
  } catch (error) {
    log.error("health.database-down", { error: errorSummary(error) });
    return { status: "unavailable", database: "down" };
  }
}
