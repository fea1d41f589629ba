import { messages } from "@/lib/shared/messages";
import { EmailButton, EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

const m = messages.emails.activation;

export type ActivationEmailProps = { activationUrl: string };

/** "Activate your Mi Account": a button, and the same URL in plain text for clients that hide buttons. */
export function ActivationEmail({ activationUrl }: ActivationEmailProps) {
  return (
    <EmailLayout title={m.subject}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailButton href={activationUrl}>{m.button}</EmailButton>
      <EmailText>
        {m.pasteHint}
        <br />
        <EmailUrl href={activationUrl} />
      </EmailText>
      <EmailText muted>{m.ignore}</EmailText>
    </EmailLayout>
  );
}

export function renderActivationEmail({ activationUrl }: ActivationEmailProps): Promise<RenderedEmail> {
  const text = [m.greeting, "", m.body, "", `${m.button}:`, activationUrl, "", m.ignore, "", messages.emails.signature];
  return renderEmail(m.subject, <ActivationEmail activationUrl={activationUrl} />, text);
}
