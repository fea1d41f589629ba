import { messages } from "@/lib/shared/messages";
import { emailHtml, escapeHtml, type RenderedEmail } from "./layout";

const m = messages.emails.alreadyRegistered;

/** Sent to the owner of an active account when someone tries to register their address again. */
export function renderAlreadyRegisteredEmail({ signInUrl }: { signInUrl: string }): RenderedEmail {
  const html = emailHtml(
    m.subject,
    `<p>${escapeHtml(m.greeting)}</p>
<p>${escapeHtml(m.body)}</p>
<p>${escapeHtml(m.signIn)} <a href="${escapeHtml(signInUrl)}" style="color:#ff6900;">${escapeHtml(signInUrl)}</a></p>
<p style="color:#666;">${escapeHtml(m.ignore)}</p>`,
  );
  const text = [m.greeting, "", m.body, "", m.signIn, signInUrl, "", m.ignore, "", messages.emails.signature].join("\n");
  return { subject: m.subject, html, text };
}
