import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { LinkEmail, renderLinkEmail } from "./link-email";
import type { RenderedEmail } from "./rendered-email";

export type PasswordResetEmailProps = { resetUrl: string; locale: Locale };

/** "Reset your Mi Account password": a button, and the same URL in plain text. */
export function PasswordResetEmail({ resetUrl, locale }: PasswordResetEmailProps) {
  const copy = emailCopy(locale, "passwordReset");
  return <LinkEmail copy={copy} frame={{ locale, ...copy }} url={resetUrl} />;
}

export function renderPasswordResetEmail({ resetUrl, locale }: PasswordResetEmailProps): Promise<RenderedEmail> {
  const copy = emailCopy(locale, "passwordReset");
  return renderLinkEmail(copy, { locale, ...copy }, resetUrl);
}
