import { EmailButton, EmailLayout, EmailText, EmailUrl, type EmailFrame } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

/** The copy of an email whose point is one link: a button, and the same URL as text for clients that hide it. */
export type LinkEmailCopy = { subject: string; greeting: string; body: string; button: string; pasteHint: string; ignore: string };

export function LinkEmail({ copy, frame, url }: { copy: LinkEmailCopy; frame: EmailFrame; url: string }) {
  return (
    <EmailLayout title={copy.subject} frame={frame}>
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

export function renderLinkEmail(copy: LinkEmailCopy, frame: EmailFrame, url: string): Promise<RenderedEmail> {
  const text = [copy.greeting, "", copy.body, "", `${copy.button}:`, url, "", copy.ignore, "", frame.signature];
  return renderEmail(copy.subject, <LinkEmail copy={copy} frame={frame} url={url} />, text);
}
