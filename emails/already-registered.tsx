import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

export type AlreadyRegisteredEmailProps = { signInUrl: string; forgotUrl: string; locale: Locale };

/** Sent to the owner of an active account when someone tries to register their address again. */
export function AlreadyRegisteredEmail({ signInUrl, forgotUrl, locale }: AlreadyRegisteredEmailProps) {
  const m = emailCopy(locale, "alreadyRegistered");
  return (
    <EmailLayout title={m.subject} frame={{ locale, ...m }}>
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

export function renderAlreadyRegisteredEmail(props: AlreadyRegisteredEmailProps): Promise<RenderedEmail> {
  const { locale } = props;
  const m = emailCopy(locale, "alreadyRegistered");
  const text = [m.greeting, "", m.body, "", m.signIn, props.signInUrl, "", m.forgot, props.forgotUrl, "", m.ignore, "", m.signature];
  return renderEmail(m.subject, <AlreadyRegisteredEmail {...props} />, text);
}
