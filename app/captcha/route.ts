import { cookies } from "next/headers";
import { issueCaptcha } from "@/lib/captcha";
import { COOKIE, cookieOptions } from "@/lib/cookies";
import { isSecretShaped, newSecret } from "@/lib/secrets";

export const dynamic = "force-dynamic";

// Each load makes a new captcha for this browser's slot; the answer stays in the database.
export async function GET() {
  const jar = await cookies();
  const existing = jar.get(COOKIE.captcha)?.value;
  const slot = isSecretShaped(existing) ? existing : newSecret();
  if (slot !== existing) jar.set(COOKIE.captcha, slot, cookieOptions);
  const svg = await issueCaptcha(slot);
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "no-store, max-age=0",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
