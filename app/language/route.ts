import { getCurrentAccount } from "@/app/_lib/current-account";
import { writeCookie } from "@/app/_lib/request";
import { setAccountLocale } from "@/lib/server/flows/settings/preferences";
import { COOKIE, LANGUAGE_COOKIE_MAX_AGE } from "@/lib/server/config/cookies";
import { env } from "@/lib/server/config/env";
import { isFromOwnPages } from "@/lib/server/security/request-origin";
import { isLocale } from "@/lib/shared/i18n/locales";
import { safeReturnPath } from "@/lib/shared/safe-redirect";

export const dynamic = "force-dynamic";

// The footer's language links: `/language?to=es&back=/register`. A plain link, so it works without JavaScript.
// The choice is kept in a cookie and, for a signed-in person, on the account (their next sign-in elsewhere and
// their emails use it); then back to the page they were on. Another site may link here too, but then only this
// browser's cookie changes: a link elsewhere must not choose the language of someone's security emails.
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const to = params.get("to");
  if (isLocale(to)) {
    await writeCookie(COOKIE.language, to, { maxAgeMs: LANGUAGE_COOKIE_MAX_AGE * 1000 });
    const h = request.headers;
    const ours = isFromOwnPages({ secFetchSite: h.get("sec-fetch-site"), referer: h.get("referer") }, env.APP_URL);
    const account = ours ? await getCurrentAccount() : null;
    if (account) await setAccountLocale({ accountId: account.id, locale: to });
  }
  const back = safeReturnPath(params.get("back")) ?? "/";
  return new Response(null, { status: 303, headers: { Location: back, "Cache-Control": "no-store" } });
}
