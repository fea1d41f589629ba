import { headers } from "next/headers";
import { env } from "@/lib/server/config/env";
import { checkHealth, healthView, isOperator } from "@/lib/server/ops/health";

export const dynamic = "force-dynamic";

// For load balancers (up or down) and operators (with HEALTH_TOKEN: the database and outbox figures too).
export async function GET() {
  const asked = { authorization: (await headers()).get("authorization"), token: env.HEALTH_TOKEN };
  // The outbox figures are counted only for whoever may see them.
  const health = await checkHealth({ outbox: isOperator(asked) });
  const view = healthView({ health, ...asked });
  return Response.json(view, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
