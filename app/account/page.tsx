import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { SubmitButton } from "@/components/ui/submit-button";
import { listRecentAudit } from "@/lib/server/security/audit";
import { countryName } from "@/lib/shared/countries";
import { messages } from "@/lib/shared/messages";
import { signOutAction } from "./actions";
import { listSessions } from "@/lib/server/auth/sessions";
import { EmailAddress } from "@/components/ui/email-address";
import { FormAlert } from "@/components/ui/form-alert";
import { MiId } from "@/components/ui/mi-id";
import { AccountActivity } from "./_components/account-activity";
import { DeleteForm } from "./_components/delete-form";
import { OffersForm } from "./_components/offers-form";
import { PasswordForm } from "./_components/password-form";
import { SessionsList } from "./_components/sessions-list";
import { SignOutEverywhereForm } from "./_components/sign-out-everywhere-form";

export const metadata: Metadata = { title: messages.account.title };

const m = messages.account;

const SAVED = {
  offers: messages.accountSettings.offersSaved,
  session: messages.accountSettings.sessionEnded,
  others: messages.accountSettings.othersEnded,
} as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  const [events, sessions] = await Promise.all([listRecentAudit(account.id), listSessions(account.id)]);
  const saved = (await searchParams).saved;
  const notice = typeof saved === "string" && saved in SAVED ? SAVED[saved as keyof typeof SAVED] : undefined;
  return (
    <section className="card">
      <h1>{m.title}</h1>
      <FormAlert message={notice} tone="ok" />
      <dl className="facts">
        <dt>{m.miId}</dt>
        <dd><MiId miId={account.miId} testId="account-mi-id" /></dd>
        <dt>{m.email}</dt>
        <dd><EmailAddress email={account.email} data-testid="account-email" /></dd>
        <dt>{m.country}</dt>
        <dd>{countryName(account.country)}</dd>
        <dt>{m.offers}</dt>
        <dd>{account.wantsOffers ? m.offersYes : m.offersNo}</dd>
      </dl>
      <OffersForm wantsOffers={account.wantsOffers} />
      <PasswordForm email={account.email} />
      <SessionsList sessions={sessions} current={account.sessionId} />
      <AccountActivity events={events} />
      <section aria-labelledby="data-title" className="form">
        <h2 id="data-title">{messages.accountSettings.dataTitle}</h2>
        <p className="muted">{messages.accountSettings.dataBody}</p>
        <a href="/account/data" className="button button--secondary" download>{messages.accountSettings.dataDownload}</a>
      </section>
      <div className="form">
        <form action={signOutAction}>
          <SubmitButton secondary>{m.signOut}</SubmitButton>
        </form>
        <SignOutEverywhereForm />
      </div>
      <DeleteForm />
    </section>
  );
}
