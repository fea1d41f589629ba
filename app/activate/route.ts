import { cookies } from "next/headers";
import { COOKIE, cookieOptions } from "@/lib/cookies";
import { isSecretShaped } from "@/lib/secrets";

export const dynamic = "force-dynamic";

// The link in the activation email. It only moves the token from the URL into a short-lived HttpOnly cookie
// and redirects to the confirmation page, so the secret leaves the address bar and can never travel in a
// Referer header; the page that holds the Activate button carries no secret in its URL, and its form posts
// keep their Origin header (which `no-referrer` would turn into "null"), with or without JavaScript.
// Opening the link uses nothing up: only the button's POST activates.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const jar = await cookies();
  if (isSecretShaped(token)) jar.set(COOKIE.activation, token, { ...cookieOptions, maxAge: 60 * 60 });
  else jar.set(COOKIE.activation, "", { ...cookieOptions, maxAge: 0 });
  return new Response(null, {
    status: 303,
    headers: { Location: "/activate/confirm", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
  });
}
