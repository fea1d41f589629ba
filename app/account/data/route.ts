import { headers } from "next/headers";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { env } from "@/lib/server/config/env";
import { exportAccountData } from "@/lib/server/flows/settings/account-data";
import { isForeignRequest } from "@/lib/server/security/request-origin";

export const dynamic = "force-dynamic";

// "Download my data": the signed-in person's own data as a JSON file; nobody else's, ever. Only the account
// page's own form gets it (a POST): a link or a form on another site would otherwise make the person's own
// browser, with its session cookie, download it. The browser's word on where the request came from
// (Sec-Fetch-Site, Origin) settles it, as for the other route handlers; SameSite=Lax keeps the cookie off
// cross-site POSTs as well.
export async function POST() {
  const h = await headers();
  if (isForeignRequest({ secFetchSite: h.get("sec-fetch-site"), origin: h.get("origin") }, env.APP_URL)) {
    return new Response(null, { status: 403 });
  }
  const account = await getCurrentAccount();
  if (!account) return new Response(null, { status: 303, headers: { Location: "/login?next=/account" } });
  const data = await exportAccountData({ accountId: account.id, now: new Date() });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="mi-account-${account.miId}.json"`,
      "Cache-Control": "no-store",
    },
  });
}

/** A link to the old address, or one typed: the account page, whose button downloads the file. */
export function GET() {
  return new Response(null, { status: 303, headers: { Location: "/account#data" } });
}
