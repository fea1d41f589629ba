import { moveTokenToCookie } from "@/app/_lib/token-link";
import { ACTIVATION_LINK_LIFETIME_MS } from "@/lib/server/flows/verification/activation";
import { COOKIE } from "@/lib/server/config/cookies";

export const dynamic = "force-dynamic";

// The link in the activation email; /activate/confirm holds the Activate button.
export function GET(request: Request) {
  return moveTokenToCookie(request, { cookie: COOKIE.activation, maxAgeMs: ACTIVATION_LINK_LIFETIME_MS, location: "/activate/confirm" });
}
