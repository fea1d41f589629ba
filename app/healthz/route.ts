import { checkHealth } from "@/lib/server/ops/health";

export const dynamic = "force-dynamic";

// For load balancers and operators: 200 when the portal can serve, 503 when its database cannot be reached.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
