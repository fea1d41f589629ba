import "server-only";
import { messages } from "@/lib/shared/messages";

const m = messages.unavailable;

// Built as a string, not React: the proxy answers with it while the database (and so the app) is away.
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole page shown with status 503 while the database is away: self-contained, no scripts. */
export function unavailablePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(m.title)}</title></head>
<body style="margin:0;font-family:system-ui,Arial,sans-serif;background:#fafafa;color:#333">
<main style="max-width:440px;margin:64px auto;background:#fff;border-radius:16px;padding:32px 28px">
<h1 style="font-size:24px;margin:0 0 12px">${escapeHtml(m.title)}</h1>
<p style="line-height:1.5">${escapeHtml(m.body)}</p>
<p><a href="" style="display:inline-block;background:#ff6900;color:#fff;text-decoration:none;padding:12px 24px;border-radius:999px">${escapeHtml(m.retry)}</a></p>
</main></body></html>`;
}
