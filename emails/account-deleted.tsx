import { messages } from "@/lib/shared/messages";
import { EmailLayout, EmailText } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

const m = messages.emails.accountDeleted;

/** The goodbye: sent to the address of an account just deleted. */
export function AccountDeletedEmail() {
  return (
    <EmailLayout title={m.subject}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>{m.notYou}</EmailText>
    </EmailLayout>
  );
}

export function renderAccountDeletedEmail(): Promise<RenderedEmail> {
  return renderEmail(m.subject, <AccountDeletedEmail />, [m.greeting, "", m.body, "", m.notYou, "", messages.emails.signature]);
}
