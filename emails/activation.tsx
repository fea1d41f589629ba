import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { LinkEmail, renderLinkEmail } from "./link-email";
import type { RenderedEmail } from "./rendered-email";

export type ActivationEmailProps = { activationUrl: string; locale: Locale };

/** "Activate your Mi Account": a button, and the same URL in plain text for clients that hide buttons. */
export function ActivationEmail({ activationUrl, locale }: ActivationEmailProps) {
  const copy = emailCopy(locale, "activation");
  return <LinkEmail copy={copy} frame={{ locale, ...copy }} url={activationUrl} />;
}

export function renderActivationEmail({ activationUrl, locale }: ActivationEmailProps): Promise<RenderedEmail> {
  const copy = emailCopy(locale, "activation");
  return renderLinkEmail(copy, { locale, ...copy }, activationUrl);
}
