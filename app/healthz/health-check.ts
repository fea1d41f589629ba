import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/server/config/env";
import { checkHealth, healthView, isOperator } from "@/lib/server/ops/health";

// /healthz, for load balancers (up or down) and operators (with HEALTH_TOKEN: the database and outbox figures too),
// answered by the portal's server after the front door, without Next.js (instrumentation.ts registers it). A load
// balancer asks each instance every second: through Next.js's route machinery one answer cost 4.5–5.8 ms of CPU,
// about 0.9 ms per sign-in for two instances under load (docs/BENCHMARKS.md).

/** Answers GET and HEAD /healthz; false for any other request. */
export async function answerHealthCheck(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if ((req.url ?? "").split("?")[0] !== "/healthz" || (req.method !== "GET" && req.method !== "HEAD")) return false;
  const authorization = req.headers.authorization ?? null;
  const asked = { authorization, token: env.HEALTH_TOKEN };
  // The outbox figures are counted only for whoever may see them.
  const health = await checkHealth({ outbox: isOperator(asked) });
  const body = JSON.stringify(healthView({ health, ...asked }));
  res.writeHead(health.status === "ok" ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
