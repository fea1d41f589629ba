import { headers } from "next/headers";
import { readCookie, requestIpGroup, writeCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { env } from "@/lib/server/config/env";
import { issueProofOfWork } from "@/lib/server/security/proof-of-work";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { isForeignRequest } from "@/lib/server/security/request-origin";
import { isSecretShaped, newSecret } from "@/lib/server/security/secrets";

export const dynamic = "force-dynamic";

// A proof-of-work challenge for this browser (a random id in a cookie), as JSON for the page's script;
// `?hard=1` for the image's stand-in. Each request replaces this browser's earlier challenge.
export async function GET(request: Request) {
  const h = await headers();
  if (isForeignRequest({ secFetchSite: h.get("sec-fetch-site"), origin: h.get("origin") }, env.APP_URL)) {
    return new Response(null, { status: 403 });
  }
  const ipGroup = await requestIpGroup();
  const allowed = await consumeLimit({ limit: LIMITS.powChallengesPerIp, key: ipGroup });
  if (!allowed.ok) return Response.json({ error: "rate-limited" }, { status: 429, headers: { "Retry-After": String(Math.ceil(allowed.retryAfterMs / 1000)) } });
  const existing = await readCookie(COOKIE.pow);
  const challengeId = isSecretShaped(existing) ? existing : newSecret();
  if (challengeId !== existing) await writeCookie(COOKIE.pow, challengeId);
  const hard = new URL(request.url).searchParams.get("hard") === "1";
  return Response.json(await issueProofOfWork({ challengeId, hard, ipGroup, now: new Date() }), { headers: { "Cache-Control": "no-store, max-age=0" } });
}
