import { messages } from "@/lib/shared/messages";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

const m = messages.emails.passwordChanged;

export type PasswordChangedEmailProps = { forgotUrl: string };

/** Sent after every password change, so the owner hears of one they did not make. */
export function PasswordChangedEmail({ forgotUrl }: PasswordChangedEmailProps) {
  return (
    <EmailLayout title={m.subject}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>
        {m.notYou} <EmailUrl href={forgotUrl} />
      </EmailText>
    </EmailLayout>
  );
}

export function renderPasswordChangedEmail({ forgotUrl }: PasswordChangedEmailProps): Promise<RenderedEmail> {
  const text = [m.greeting, "", m.body, "", m.notYou, forgotUrl, "", messages.emails.signature];
  return renderEmail(m.subject, <PasswordChangedEmail forgotUrl={forgotUrl} />, text);
}
