import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { SubmitButton } from "@/components/ui/submit-button";
import { listRecentAudit } from "@/lib/server/security/audit";
import { countryName } from "@/lib/shared/countries";
import { messages } from "@/lib/shared/messages";
import { signOutAction } from "./actions";
import { AccountActivity } from "./_components/account-activity";
import { SignOutEverywhereForm } from "./_components/sign-out-everywhere-form";

export const metadata: Metadata = { title: messages.account.title };

const m = messages.account;

export default async function AccountPage() {
  const account = await getCurrentAccount();
  if (!account) redirect("/login?next=/account");
  const events = await listRecentAudit(account.id);
  return (
    <section className="card">
      <h1>{m.title}</h1>
      <dl className="facts">
        <dt>{m.miId}</dt>
        <dd data-testid="account-mi-id">{account.miId}</dd>
        <dt>{m.email}</dt>
        <dd data-testid="account-email">{account.email}</dd>
        <dt>{m.country}</dt>
        <dd>{countryName(account.country)}</dd>
        <dt>{m.offers}</dt>
        <dd>{account.wantsOffers ? m.offersYes : m.offersNo}</dd>
      </dl>
      <AccountActivity events={events} />
      <div className="form">
        <form action={signOutAction}>
          <SubmitButton secondary>{m.signOut}</SubmitButton>
        </form>
        <SignOutEverywhereForm />
      </div>
    </section>
  );
}
