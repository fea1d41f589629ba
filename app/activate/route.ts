import { clearCookie, writeCookie } from "@/app/_lib/request";
import { ACTIVATION_TOKEN_LIFETIME_MS } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";
import { isSecretShaped } from "@/lib/server/security/secrets";

export const dynamic = "force-dynamic";

// The link in the activation email. It only moves the token from the URL into an HttpOnly cookie (living as
// long as a link does) and redirects to the confirmation page, so the secret leaves the address bar and can
// never travel in a Referer header; the page that holds the Activate button carries no secret in its URL, and
// its form posts keep their Origin header (which `no-referrer` would turn into "null"), with or without
// JavaScript. Opening the link uses nothing up: only the button's POST activates.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  if (isSecretShaped(token)) await writeCookie(COOKIE.activation, token, { maxAgeMs: ACTIVATION_TOKEN_LIFETIME_MS });
  else await clearCookie(COOKIE.activation);
  return new Response(null, {
    status: 303,
    headers: { Location: "/activate/confirm", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
  });
}
