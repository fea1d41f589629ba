import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import { requireAccount } from "@/app/_lib/current-account";
import { SubmitButton } from "@/components/ui/submit-button";
import { listRecentAudit } from "@/lib/server/security/audit";
import { countryName } from "@/lib/shared/countries";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { toLocale } from "@/lib/shared/i18n/locales";
import { countryTimeZone } from "@/lib/shared/time-zones";
import { getLocale, getTranslations } from "next-intl/server";
import { signOutAction } from "./actions";
import { listSessions } from "@/lib/server/identity/sessions";
import { listAppAccess } from "@/lib/server/identity/app-access";
import { twoStepStatus } from "@/lib/server/flows/settings/two-step";
import { countPasskeys } from "@/lib/server/methods/passkey/passkeys";
import { RECOVERY_CODES_LOW } from "@/lib/server/methods/recovery-code/recovery-codes";
import { clientNames } from "@/lib/server/oidc/clients";
import { EmailAddress } from "@/components/ui/email-address";
import { MiId } from "@/components/ui/mi-id";
import { AccountActivity } from "./_components/account-activity";
import { AppsWithAccess } from "./_components/apps-with-access";
import { AccountMenu, AccountSection, type AccountSectionId } from "./_components/account-section";
import { OffersForm } from "./_components/offers-form";
import { PasswordForm } from "./_components/password-form";
import { SavedNotice } from "./_components/saved-notice";
import { SessionsList } from "./_components/sessions-list";
import { SignInWay } from "./_components/sign-in-way";
import { SignOutEverywhereForm } from "./_components/sign-out-everywhere-form";
import styles from "./_components/account.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("account.title") };
}

// What a saved setting says when the page comes back (the forms post without JavaScript too), and in which
// section: the actions redirect to that section (`#offers`), and the words stay beside the form that was sent.
const SAVED = {
  offers: { section: "offers", message: "accountSettings.offersSaved" },
  session: { section: "sessions", message: "accountSettings.sessionEnded" },
  others: { section: "sessions", message: "accountSettings.othersEnded" },
  email: { section: "profile", message: "accountSettings.emailSaved" },
  phone: { section: "profile", message: "accountSettings.phoneSaved" },
  emailRemoved: { section: "profile", message: "accountSettings.emailRemoved" },
  phoneRemoved: { section: "profile", message: "accountSettings.phoneRemoved" },
  appRemoved: { section: "apps", message: "oidc.appsRevoked" },
  twoStepOff: { section: "two-step", message: "twoStep.turnedOff" },
} as const satisfies Record<string, { section: AccountSectionId; message: string }>;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const t = await getTranslations();
  const locale = toLocale(await getLocale());
  const account = await requireAccount();
  const [events, sessions, apps, twoStep, passkeys] = await Promise.all([
    listRecentAudit(account.id),
    listSessions(account.id, new Date()),
    listAppAccess({ accountId: account.id }),
    twoStepStatus({ accountId: account.id }),
    countPasskeys({ accountId: account.id }),
  ]);
  const query = await searchParams;
  const savedParam = query.saved;
  const saved = typeof savedParam === "string" && Object.hasOwn(SAVED, savedParam) ? SAVED[savedParam as keyof typeof SAVED] : undefined;
  // "{app} no longer has access": the app named by its id, from the registered apps, never by words in the address.
  const removedId = saved?.section === "apps" && typeof query.app === "string" ? query.app : undefined;
  const removedApp = removedId ? ((await clientNames([removedId])).get(removedId) ?? t("oidc.unknownApp")) : "";
  // A new key per answer: a notice hidden by a later action shows again when the same setting is saved again.
  const notice = (section: AccountSectionId) => (saved?.section === section ? <SavedNotice key={randomUUID()} message={t(saved.message, { app: removedApp })} /> : null);
  // Until the browser tells its own (with JavaScript), times are shown in the zone of the account's country.
  const zone = countryTimeZone(account.country);
  const titles: Record<AccountSectionId, string> = {
    profile: t("account.profileTitle"),
    password: t("accountSettings.passwordTitle"),
    "two-step": t("twoStep.title"),
    passkeys: t("passkeys.title"),
    sessions: t("accountSettings.sessionsTitle"),
    apps: t("oidc.appsTitle"),
    activity: t("account.activityTitle"),
    offers: t("accountSettings.offersTitle"),
    data: t("accountSettings.dataTitle"),
    delete: t("accountSettings.deleteTitle"),
  };
  return (
    <div className={styles.layout}>
      <AccountMenu label={t("account.menuLabel")} titles={titles} />
      <section className={`card ${styles.content}`}>
        <h1>{t("account.title")}</h1>
        <AccountSection id="profile" title={titles.profile}>
          {notice("profile")}
          <dl className="facts">
            <dt>{t("account.miId")}</dt>
            <dd><MiId miId={account.miId} testId="account-mi-id" /></dd>
            <dt>{t("account.email")}</dt>
            <dd>
              <SignInWay
                value={account.email ? <EmailAddress email={account.email} data-testid="account-email" /> : null}
                notAdded={t("account.notAdded")}
                change={{ href: "/account/email", label: account.email ? t("account.changeEmail") : t("account.addEmail") }}
                remove={account.email && account.phone ? { href: "/account/remove/email", label: t("account.removeEmail") } : null}
              />
            </dd>
            <dt>{t("account.phone")}</dt>
            <dd>
              <SignInWay
                value={account.phone ? <bdi dir="ltr" data-testid="account-phone">{formatPhoneNumber(account.phone)}</bdi> : null}
                notAdded={t("account.notAdded")}
                change={{ href: "/account/phone", label: account.phone ? t("account.changePhone") : t("account.addPhone") }}
                remove={account.email && account.phone ? { href: "/account/remove/phone", label: t("account.removePhone") } : null}
              />
            </dd>
            <dt>{t("account.country")}</dt>
            <dd>{countryName(account.country, locale)}</dd>
            <dt>{t("account.offers")}</dt>
            <dd>{account.wantsOffers ? t("account.offersYes") : t("account.offersNo")}</dd>
          </dl>
        </AccountSection>
        <AccountSection id="password" title={titles.password}>
          <PasswordForm email={account.email ?? ""} />
        </AccountSection>
        <AccountSection id="two-step" title={titles["two-step"]}>
          {notice("two-step")}
          <p className="muted">{t("twoStep.intro")}</p>
          <dl className="facts">
            <dt>{t("twoStep.status")}</dt>
            <dd data-testid="two-step-status">
              {twoStep.on ? t("twoStep.statusOn") : t("twoStep.statusOff")}
              {twoStep.on ? <> · {t(twoStep.recoveryCodesLeft <= RECOVERY_CODES_LOW ? "twoStep.codesLow" : "twoStep.codesLeft", { count: twoStep.recoveryCodesLeft })}</> : null}
            </dd>
          </dl>
          <Link href="/account/two-step" className="button button--secondary">{twoStep.on ? t("twoStep.manage") : t("twoStep.turnOn")}</Link>
        </AccountSection>
        <AccountSection id="passkeys" title={titles.passkeys}>
          <p className="muted">{t("passkeys.intro")}</p>
          <p data-testid="passkey-count">{t("passkeys.count", { count: passkeys })}</p>
          <Link href="/account/passkeys" className="button button--secondary">{passkeys > 0 ? t("passkeys.manage") : t("passkeys.add")}</Link>
        </AccountSection>
        <AccountSection id="sessions" title={titles.sessions}>
          {notice("sessions")}
          <SessionsList sessions={sessions} current={account.sessionId} zone={zone} locale={locale} />
          <form action={signOutAction}>
            <SubmitButton secondary>{t("account.signOut")}</SubmitButton>
          </form>
          <SignOutEverywhereForm />
        </AccountSection>
        <AccountSection id="apps" title={titles.apps}>
          {notice("apps")}
          <AppsWithAccess apps={apps} zone={zone} locale={locale} />
        </AccountSection>
        <AccountSection id="activity" title={titles.activity}>
          <AccountActivity events={events} zone={zone} />
        </AccountSection>
        <AccountSection id="offers" title={titles.offers}>
          {notice("offers")}
          <OffersForm wantsOffers={account.wantsOffers} />
        </AccountSection>
        <AccountSection id="data" title={titles.data}>
          <p className="muted">{t("accountSettings.dataBody")}</p>
          {/* A POST from this page only: a link on another site cannot make the browser download it. */}
          <form method="post" action="/account/data">
            <SubmitButton secondary>{t("accountSettings.dataDownload")}</SubmitButton>
          </form>
        </AccountSection>
        <AccountSection id="delete" title={titles.delete}>
          <p className="muted">{t("accountSettings.deleteBody")}</p>
          {/* A second step, on a page of its own that says what goes; never one press from here. */}
          <Link href="/account/delete" className={`button ${styles.dangerLink}`}>{t("accountSettings.deleteSubmit")}</Link>
        </AccountSection>
      </section>
    </div>
  );
}
