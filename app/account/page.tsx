import type { Metadata } from "next";
import { requireAccount } from "@/app/_lib/current-account";
import { SubmitButton } from "@/components/ui/submit-button";
import { listRecentAudit } from "@/lib/server/security/audit";
import { countryName } from "@/lib/shared/countries";
import { getLocale, getTranslations } from "next-intl/server";
import { signOutAction } from "./actions";
import { listSessions } from "@/lib/server/identity/sessions";
import { EmailAddress } from "@/components/ui/email-address";
import { FormAlert } from "@/components/ui/form-alert";
import { MiId } from "@/components/ui/mi-id";
import { AccountActivity } from "./_components/account-activity";
import { DeleteForm } from "./_components/delete-form";
import { OffersForm } from "./_components/offers-form";
import { PasswordForm } from "./_components/password-form";
import { SessionsList } from "./_components/sessions-list";
import { SignOutEverywhereForm } from "./_components/sign-out-everywhere-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("account.title") };
}

// What a saved setting says when the page comes back (the forms post without JavaScript too).
const SAVED = {
  offers: "accountSettings.offersSaved",
  session: "accountSettings.sessionEnded",
  others: "accountSettings.othersEnded",
} as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const t = await getTranslations();
  const account = await requireAccount();
  const [events, sessions] = await Promise.all([listRecentAudit(account.id), listSessions(account.id, new Date())]);
  const saved = (await searchParams).saved;
  const notice = typeof saved === "string" && saved in SAVED ? t(SAVED[saved as keyof typeof SAVED]) : undefined;
  return (
    <section className="card">
      <h1>{t("account.title")}</h1>
      <FormAlert message={notice} tone="ok" />
      <dl className="facts">
        <dt>{t("account.miId")}</dt>
        <dd><MiId miId={account.miId} testId="account-mi-id" /></dd>
        <dt>{t("account.email")}</dt>
        <dd><EmailAddress email={account.email} data-testid="account-email" /></dd>
        <dt>{t("account.country")}</dt>
        <dd>{countryName(account.country, await getLocale())}</dd>
        <dt>{t("account.offers")}</dt>
        <dd>{account.wantsOffers ? t("account.offersYes") : t("account.offersNo")}</dd>
      </dl>
      <OffersForm wantsOffers={account.wantsOffers} />
      <PasswordForm email={account.email} />
      <SessionsList sessions={sessions} current={account.sessionId} />
      <AccountActivity events={events} />
      <section aria-labelledby="data-title" className="form">
        <h2 id="data-title">{t("accountSettings.dataTitle")}</h2>
        <p className="muted">{t("accountSettings.dataBody")}</p>
        <a href="/account/data" className="button button--secondary" download>{t("accountSettings.dataDownload")}</a>
      </section>
      <div className="form">
        <form action={signOutAction}>
          <SubmitButton secondary>{t("account.signOut")}</SubmitButton>
        </form>
        <SignOutEverywhereForm />
      </div>
      <DeleteForm />
    </section>
  );
}
