import "server-only";
import { direction, type Locale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";

// Built as a string, not React: the proxy answers with it while the database (and so the app) is away.
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole page shown with status 503 while the database is away: self-contained, no scripts. */
export function unavailablePage(locale: Locale): string {
  const t = translator(locale);
  const title = escapeHtml(t("unavailable.title"));
  return `<!doctype html>
<html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title></head>
<body style="margin:0;font-family:system-ui,Arial,sans-serif;background:#f4f4f4;color:#222">
<main style="max-width:440px;margin:64px auto;background:#fff;border-radius:16px;padding:32px 28px">
<h1 style="font-size:24px;margin:0 0 12px">${title}</h1>
<p style="line-height:1.5">${escapeHtml(t("unavailable.body"))}</p>
<p><a href="" style="display:inline-block;background:#bf4d00;color:#fff;text-decoration:none;padding:12px 24px;border-radius:999px">${escapeHtml(t("unavailable.retry"))}</a></p>
</main></body></html>`;
}
