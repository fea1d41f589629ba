import { messages } from "@/lib/shared/messages";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

const m = messages.emails.alreadyRegistered;

export type AlreadyRegisteredEmailProps = { signInUrl: string; forgotUrl: string };

/** Sent to the owner of an active account when someone tries to register their address again. */
export function AlreadyRegisteredEmail({ signInUrl, forgotUrl }: AlreadyRegisteredEmailProps) {
  return (
    <EmailLayout title={m.subject}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText>
        {m.signIn} <EmailUrl href={signInUrl} />
      </EmailText>
      <EmailText>
        {m.forgot} <EmailUrl href={forgotUrl} />
      </EmailText>
      <EmailText muted>{m.ignore}</EmailText>
    </EmailLayout>
  );
}

export function renderAlreadyRegisteredEmail({ signInUrl, forgotUrl }: AlreadyRegisteredEmailProps): Promise<RenderedEmail> {
  const text = [m.greeting, "", m.body, "", m.signIn, signInUrl, "", m.forgot, forgotUrl, "", m.ignore, "", messages.emails.signature];
  return renderEmail(m.subject, <AlreadyRegisteredEmail signInUrl={signInUrl} forgotUrl={forgotUrl} />, text);
}
