import { moveTokenToCookie } from "@/app/_lib/token-link";
import { PASSWORD_RESET_LIFETIME_MS } from "@/lib/server/flows/recovery/password-reset";
import { COOKIE } from "@/lib/server/config/cookies";

export const dynamic = "force-dynamic";

// The link in the password-reset email; /reset/confirm asks for the new password.
export function GET(request: Request) {
  return moveTokenToCookie(request, { cookie: COOKIE.passwordReset, maxAgeMs: PASSWORD_RESET_LIFETIME_MS, location: "/reset/confirm" });
}
