import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

/** The goodbye: sent to the address of an account just deleted. */
export function AccountDeletedEmail({ locale }: { locale: Locale }) {
  const m = emailCopy(locale, "accountDeleted");
  return (
    <EmailLayout title={m.subject} frame={{ locale, ...m }}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>{m.notYou}</EmailText>
    </EmailLayout>
  );
}

export function renderAccountDeletedEmail({ locale }: { locale: Locale }): Promise<RenderedEmail> {
  const m = emailCopy(locale, "accountDeleted");
  return renderEmail(m.subject, <AccountDeletedEmail locale={locale} />, [m.greeting, "", m.body, "", m.notYou, "", m.signature]);
}
