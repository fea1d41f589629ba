import { messages } from "@/lib/shared/messages";
import { EmailButton, EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

const m = messages.emails.passwordReset;

export type PasswordResetEmailProps = { resetUrl: string };

/** "Reset your Mi Account password": a button, and the same URL in plain text. */
export function PasswordResetEmail({ resetUrl }: PasswordResetEmailProps) {
  return (
    <EmailLayout title={m.subject}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailButton href={resetUrl}>{m.button}</EmailButton>
      <EmailText>
        {m.pasteHint}
        <br />
        <EmailUrl href={resetUrl} />
      </EmailText>
      <EmailText muted>{m.ignore}</EmailText>
    </EmailLayout>
  );
}

export function renderPasswordResetEmail({ resetUrl }: PasswordResetEmailProps): Promise<RenderedEmail> {
  const text = [m.greeting, "", m.body, "", `${m.button}:`, resetUrl, "", m.ignore, "", messages.emails.signature];
  return renderEmail(m.subject, <PasswordResetEmail resetUrl={resetUrl} />, text);
}
