import { getLocale, getTranslations } from "next-intl/server";
import { escapeHtml, PRIMARY_STYLE } from "@/lib/server/plain-page";
import { direction, toLocale } from "@/lib/shared/i18n/locales";

// The step from the portal's pages back to the OpenID Provider, which may send the browser straight on to the
// app's redirect URI: another origin, or a native app's own scheme. After a form is sent (Allow or Cancel, or the
// sign-in form without JavaScript) browsers hold every redirect of that navigation to the sending page's CSP
// form-action ('self', lib/server/security/headers.ts), which would stop the person at the app's door. A page that
// moves on by itself (a meta refresh: no script needed) begins a new navigation, which form-action does not
// govern, so the portal's pages keep form-action 'self'. The link serves a browser that does not refresh.

/** A page that takes the browser on to `location` (the provider, to finish the app's request) at once. */
export async function continueTo({ location, app }: { location: string; app: string }): Promise<Response> {
  const locale = toLocale(await getLocale());
  const t = await getTranslations("oidc");
  const title = escapeHtml(t("continuingTitle", { app }));
  const href = escapeHtml(location);
  const html = `<!doctype html>
<html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="0;url=${href}"><meta name="robots" content="noindex"><title>${title}</title></head>
<body style="margin:0;font-family:system-ui,Arial,sans-serif;background:#f4f4f4;color:#222">
<main style="max-width:440px;margin:64px auto;background:#fff;border-radius:16px;padding:32px 28px;text-align:center">
<h1 style="font-size:20px;margin:0 0 20px">${title}</h1>
<p style="margin:0"><a href="${href}" style="${PRIMARY_STYLE}">${escapeHtml(t("continue"))}</a></p>
</main></body></html>`;
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
