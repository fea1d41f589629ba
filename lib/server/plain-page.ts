import "server-only";
import { direction, type Locale } from "@/lib/shared/i18n/locales";

// Pages built as strings, not React, for answers given outside Next: the front door's 503 while the database is away
// (lib/server/ops/unavailable-page.ts) and the OpenID Provider's own few pages (lib/server/oidc/pages.ts).
// Self-contained and script-free: styles inline, so they need nothing else from the server.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The orange action, as a link or a button (inline styles: these pages load no stylesheet). */
export const PRIMARY_STYLE = "display:inline-block;background:#bf4d00;color:#fff;text-decoration:none;padding:12px 24px;border-radius:999px;border:0;font:inherit;cursor:pointer";
export const SECONDARY_STYLE = "display:inline-block;background:#fff;color:#222;text-decoration:none;padding:11px 23px;border-radius:999px;border:1px solid #767676;font:inherit;cursor:pointer";

/** A whole page: `title` is text, `body` is HTML the caller has escaped. */
export function plainPage({ locale, title, body }: { locale: Locale; title: string; body: string }): string {
  const heading = escapeHtml(title);
  return `<!doctype html>
<html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${heading}</title></head>
<body style="margin:0;font-family:system-ui,Arial,sans-serif;background:#f4f4f4;color:#222">
<main style="max-width:440px;margin:64px auto;background:#fff;border-radius:16px;padding:32px 28px">
<h1 style="font-size:24px;margin:0 0 12px">${heading}</h1>
${body}
</main></body></html>`;
}
