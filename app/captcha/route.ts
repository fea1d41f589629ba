import { headers } from "next/headers";
import { readCookie, requestIpGroup, writeCookie } from "@/app/_lib/request";
import { env } from "@/lib/server/config/env";
import { isForeignRequest } from "@/lib/server/security/request-origin";
import { issueCaptcha } from "@/lib/server/security/captcha";
import { COOKIE } from "@/lib/server/config/cookies";
import { getTranslations } from "next-intl/server";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import { isSecretShaped, newSecret } from "@/lib/server/security/secrets";

export const dynamic = "force-dynamic";

// Each load makes a new captcha for this browser (a random id in a cookie); the answer stays in the
// database.
export async function GET() {
  // Loading the image makes a captcha: another site may not make them for our visitors.
  const h = await headers();
  if (isForeignRequest({ secFetchSite: h.get("sec-fetch-site"), origin: h.get("origin") }, env.APP_URL)) {
    return new Response(null, { status: 403 });
  }
  const allowed = await consumeLimit({ limit: LIMITS.captchaImagesPerIp, key: await requestIpGroup() });
  if (!allowed.ok) {
    return new Response((await getTranslations())("errors.captchaImages"), {
      status: 429,
      headers: { "Retry-After": String(Math.ceil(allowed.retryAfterMs / 1000)), "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const existing = await readCookie(COOKIE.captcha);
  const captchaId = isSecretShaped(existing) ? existing : newSecret();
  if (captchaId !== existing) await writeCookie(COOKIE.captcha, captchaId);
  const png = await issueCaptcha(captchaId);
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Cache-Control": "no-store, max-age=0",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
