import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { messages } from "@/lib/shared/messages";
import { lastActivationMailRefused } from "@/lib/server/mail/outbox";
import { loadSignUpDraft } from "@/lib/server/accounts/sign-up-draft";
import { EmailAddress } from "@/components/ui/email-address";
import { ResendForm } from "../_components/resend-form";

export const metadata: Metadata = { title: messages.checkEmail.title };

const m = messages.checkEmail;

export default async function CheckEmailPage() {
  const draft = await loadSignUpDraft(await readCookie(COOKIE.signUpDraft));
  if (!draft?.submitted) redirect("/register");
  return (
    <section className="card">
      <h1>{m.title}</h1>
      <p>
        {m.sentTo} <EmailAddress className="email-name" email={draft.email} data-testid="check-email-address" />.
      </p>
      <p>{m.instructions}</p>
      {(await lastActivationMailRefused(draft.email)) ? (
        <p className="alert alert--error" role="alert">{m.undeliverable}</p>
      ) : (
        <p className="alert alert--info">{m.spamHint}</p>
      )}
      <div style={{ marginTop: 20 }}>
        <ResendForm initialWaitSeconds={draft.resendWaitSeconds} />
      </div>
    </section>
  );
}
