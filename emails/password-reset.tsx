import { messages } from "@/lib/shared/messages";
import { LinkEmail, renderLinkEmail } from "./link-email";
import type { RenderedEmail } from "./rendered-email";

export type PasswordResetEmailProps = { resetUrl: string };

/** "Reset your Mi Account password": a button, and the same URL in plain text. */
export function PasswordResetEmail({ resetUrl }: PasswordResetEmailProps) {
  return <LinkEmail copy={messages.emails.passwordReset} url={resetUrl} />;
}

export function renderPasswordResetEmail({ resetUrl }: PasswordResetEmailProps): Promise<RenderedEmail> {
  return renderLinkEmail(messages.emails.passwordReset, resetUrl);
}
