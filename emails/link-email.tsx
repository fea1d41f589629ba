import { messages } from "@/lib/shared/messages";
import { EmailButton, EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

/** The copy of an email whose point is one link: a button, and the same URL as text for clients that hide it. */
export type LinkEmailCopy = { subject: string; greeting: string; body: string; button: string; pasteHint: string; ignore: string };

export function LinkEmail({ copy, url }: { copy: LinkEmailCopy; url: string }) {
  return (
    <EmailLayout title={copy.subject}>
      <EmailText>{copy.greeting}</EmailText>
      <EmailText>{copy.body}</EmailText>
      <EmailButton href={url}>{copy.button}</EmailButton>
      <EmailText>
        {copy.pasteHint}
        <br />
        <EmailUrl href={url} />
      </EmailText>
      <EmailText muted>{copy.ignore}</EmailText>
    </EmailLayout>
  );
}

export function renderLinkEmail(copy: LinkEmailCopy, url: string): Promise<RenderedEmail> {
  const text = [copy.greeting, "", copy.body, "", `${copy.button}:`, url, "", copy.ignore, "", messages.emails.signature];
  return renderEmail(copy.subject, <LinkEmail copy={copy} url={url} />, text);
}
