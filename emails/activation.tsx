import { messages } from "@/lib/shared/messages";
import { LinkEmail, renderLinkEmail } from "./link-email";
import type { RenderedEmail } from "./rendered-email";

export type ActivationEmailProps = { activationUrl: string };

/** "Activate your Mi Account": a button, and the same URL in plain text for clients that hide buttons. */
export function ActivationEmail({ activationUrl }: ActivationEmailProps) {
  return <LinkEmail copy={messages.emails.activation} url={activationUrl} />;
}

export function renderActivationEmail({ activationUrl }: ActivationEmailProps): Promise<RenderedEmail> {
  return renderLinkEmail(messages.emails.activation, activationUrl);
}
