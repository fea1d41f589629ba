import { messages } from "@/lib/shared/messages";

export type RenderedEmail = { subject: string; html: string; text: string };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The shared frame of every email: inline styles only, since mail clients drop <style> and classes. */
export function emailHtml(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif;color:#333;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f5f5;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;">
<tr><td style="padding:24px 32px;border-bottom:3px solid #ff6900;font-size:20px;font-weight:bold;color:#ff6900;">${escapeHtml(messages.brand.name)}</td></tr>
<tr><td style="padding:24px 32px;font-size:15px;line-height:1.6;">${bodyHtml}
<p style="margin:24px 0 0;color:#666;">${escapeHtml(messages.emails.signature)}</p></td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

export function emailButton(label: string, url: string): string {
  return `<p style="margin:24px 0;"><a href="${escapeHtml(url)}" style="display:inline-block;background:#ff6900;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 28px;border-radius:6px;">${escapeHtml(label)}</a></p>`;
}
