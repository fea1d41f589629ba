import { clearCookie, writeCookie } from "@/app/_lib/request";
import { PASSWORD_RESET_LIFETIME_MS } from "@/lib/server/accounts/password-reset";
import { COOKIE } from "@/lib/server/config/cookies";
import { isSecretShaped } from "@/lib/server/security/secrets";

export const dynamic = "force-dynamic";

// The link in the reset email, handled as the activation link is (app/activate/route.ts): the token moves into
// an HttpOnly cookie and the browser goes on to a page whose URL holds no secret. Opening it uses nothing up.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  if (isSecretShaped(token)) await writeCookie(COOKIE.passwordReset, token, { maxAgeMs: PASSWORD_RESET_LIFETIME_MS });
  else await clearCookie(COOKIE.passwordReset);
  return new Response(null, {
    status: 303,
    headers: { Location: "/reset/confirm", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
  });
}
