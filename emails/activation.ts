import { messages } from "@/lib/shared/messages";
import { emailButton, emailHtml, escapeHtml, type RenderedEmail } from "./layout";

const m = messages.emails.activation;

/** "Activate your Mi Account": a button, and the same URL in plain text for clients that hide buttons. */
export function renderActivationEmail({ activationUrl }: { activationUrl: string }): RenderedEmail {
  const html = emailHtml(
    m.subject,
    `<p>${escapeHtml(m.greeting)}</p>
<p>${escapeHtml(m.body)}</p>
${emailButton(m.button, activationUrl)}
<p>${escapeHtml(m.pasteHint)}<br><a href="${escapeHtml(activationUrl)}" style="color:#ff6900;word-break:break-all;">${escapeHtml(activationUrl)}</a></p>
<p style="color:#666;">${escapeHtml(m.ignore)}</p>`,
  );
  const text = [m.greeting, "", m.body, "", `${m.button}:`, activationUrl, "", m.ignore, "", messages.emails.signature].join(
    "\n",
  );
  return { subject: m.subject, html, text };
}
