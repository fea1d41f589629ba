import "server-only";
import { databaseAnswers } from "@/lib/server/ops/database-status";
import { pingConnection } from "@/lib/server/db/sql";
import { errorSummary, log } from "@/lib/server/log";
import { outboxCounts } from "@/lib/server/courier/outbox";
import { hashSecret } from "@/lib/server/security/secrets";
import { timingSafeEqual } from "node:crypto";

export type Health = {
  status: "ok" | "unavailable";
  database: "up" | "down";
  outbox?: { pending: number; retrying: number; dead: number };
};

/**
 * Whether the portal can serve (its database answers), and, when `outbox` is asked for (an operator's view), the
 * outbox figures operators watch. A load balancer asks every second and never sees them: three counts fewer.
 */
export async function checkHealth({ outbox = true }: { outbox?: boolean } = {}): Promise<Health> {
  try {
    // The app's connection could answer "SELECT 1" without touching the file; the probe really reads it.
    if (!(await databaseAnswers())) return { status: "unavailable", database: "down" };
    await pingConnection();
    return { status: "ok", database: "up", ...(outbox ? { outbox: await outboxCounts() } : {}) };
  } catch (error) {
    log.error("health.database-down", { error: errorSummary(error) });
    return { status: "unavailable", database: "down" };
  }
}

/**
 * What /healthz shows. The public sees only up or down: outbox figures move with other people's registrations and
 * resends, which would tell a stranger whether an address is pending. They go to whoever presents the
 * operators' token (HEALTH_TOKEN) as `Authorization: Bearer …`.
 */
export function healthView({
  health,
  authorization,
  token,
}: {
  health: Health;
  authorization: string | null;
  token: string | undefined;
}): Health | Pick<Health, "status"> {
  if (isOperator({ authorization, token })) return health;
  return { status: health.status };
}

/** Whether the request presents the operators' token (HEALTH_TOKEN) as `Authorization: Bearer …`. */
export function isOperator({ authorization, token }: { authorization: string | null; token: string | undefined }): boolean {
  return Boolean(token && authorization && sameSecret(authorization, `Bearer ${token}`));
}

function sameSecret(given: string, expected: string): boolean {
  // Hashes of equal length, compared in constant time: neither length nor content leaks through timing.
  return timingSafeEqual(Buffer.from(hashSecret(given), "hex"), Buffer.from(hashSecret(expected), "hex"));
}
