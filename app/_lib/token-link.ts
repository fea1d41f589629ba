import { clearCookie, writeCookie } from "./request";
import { isSecretShaped } from "@/lib/server/security/secrets";

/**
 * What an emailed link does when opened (activation, password reset): the token moves from the URL into an
 * HttpOnly cookie and the browser goes on, by a 303 with `Referrer-Policy: no-referrer`, to a page whose URL
 * holds no secret; that page's form posts keep their Origin header, with or without JavaScript. Opening the
 * link uses nothing up: only the page's button does.
 */
export async function moveTokenToCookie(request: Request, { cookie, maxAgeMs, location }: { cookie: string; maxAgeMs: number; location: string }): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token");
  if (isSecretShaped(token)) await writeCookie(cookie, token, { maxAgeMs });
  else await clearCookie(cookie);
  return new Response(null, { status: 303, headers: { Location: location, "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } });
}
