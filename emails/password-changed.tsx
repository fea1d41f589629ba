import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

export type PasswordChangedEmailProps = { forgotUrl: string; locale: Locale };

/** Sent after every password change, so the owner hears of one they did not make. */
export function PasswordChangedEmail({ forgotUrl, locale }: PasswordChangedEmailProps) {
  const m = emailCopy(locale, "passwordChanged");
  return (
    <EmailLayout title={m.subject} frame={{ locale, ...m }}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>
        {m.notYou} <EmailUrl href={forgotUrl} />
      </EmailText>
    </EmailLayout>
  );
}

export function renderPasswordChangedEmail(props: PasswordChangedEmailProps): Promise<RenderedEmail> {
  const m = emailCopy(props.locale, "passwordChanged");
  const text = [m.greeting, "", m.body, "", m.notYou, props.forgotUrl, "", m.signature];
  return renderEmail(m.subject, <PasswordChangedEmail {...props} />, text);
}
