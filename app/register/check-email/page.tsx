import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { devMailboxEnabled } from "@/lib/server/config/env";
import { draftMailRefused } from "@/lib/server/flows/registration/draft";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { EmailAddress } from "@/components/ui/email-address";
import { ResendForm } from "@/components/ui/resend-form";
import { resendFromDraftAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("checkEmail.title") };
}

export default async function CheckEmailPage() {
  const m = await getTranslations("checkEmail");
  const draft = await currentRegistrationDraft();
  if (!draft?.submitted) redirect("/register");
  // A registration by phone was sent a code, not a link.
  if (draft.phone !== undefined) redirect("/register/check-phone");
  return (
    <section className="card">
      <h1>{m("title")}</h1>
      <p>
        {m.rich("sentTo", { address: draft.email, email: () => <EmailAddress className="email-name" email={draft.email} data-testid="check-email-address" /> })}
      </p>
      <p>{m("instructions")}</p>
      {(await draftMailRefused(draft)) ? (
        <p className="alert alert--error" role="alert">{m("undeliverable")}</p>
      ) : (
        <p className="alert alert--info">{m("spamHint")}</p>
      )}
      {/* Without SMTP_URL the email is in the dev mailbox on this server, not in any inbox: say where. */}
      {devMailboxEnabled ? (
        <p>
          <Link href="/dev/mail">{m("devMailbox")}</Link>
        </p>
      ) : null}
      <div style={{ marginTop: 20 }}>
        <ResendForm action={resendFromDraftAction} words="checkEmail" initialWaitSeconds={draft.resendWaitSeconds} />
      </div>
    </section>
  );
}
