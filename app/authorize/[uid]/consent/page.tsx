import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { readCookie } from "@/app/_lib/request";
import { EmailAddress } from "@/components/ui/email-address";
import { OIDC_INTERACTION_COOKIE, findInteraction } from "@/lib/server/oidc/interactions";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import styles from "../../_components/consent.module.css";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations();
  const interaction = await findInteraction({ uid: (await params).uid, cookieUid: await readCookie(OIDC_INTERACTION_COOKIE) });
  return { title: interaction ? t("oidc.consentTitle", { app: interaction.appName }) : t("oidc.expiredTitle"), robots: { index: false } };
}

type Props = { params: Promise<{ uid: string }> };

/**
 * "Sign in to <app> with your Mi Account": names the app and what it asks for, for the signed-in person. Allow or
 * Cancel post a plain form (app/authorize/[uid]/decision), so it works without JavaScript. The page may not be
 * framed (the portal's headers), so a site cannot dress it up and trick a click on Allow.
 */
export default async function ConsentPage({ params }: Props) {
  const { uid } = await params;
  const t = await getTranslations();
  const interaction = await findInteraction({ uid, cookieUid: await readCookie(OIDC_INTERACTION_COOKIE) });
  if (!interaction) redirect("/authorize/expired");
  const account = await getCurrentAccount();
  if (!account || interaction.step !== "consent" || account.id !== interaction.accountId) redirect(`/authorize/${encodeURIComponent(uid)}`);
  const app = interaction.appName;
  const here = `/authorize/${encodeURIComponent(uid)}`;
  // The account as the person knows it: the email, else the phone number, else the Mi Account ID.
  const who = account.email ?? (account.phone ? formatPhoneNumber(account.phone) : account.miId);
  const whoElement = () =>
    account.email ? <EmailAddress email={account.email} className={styles.who} data-testid="consent-account" /> : <bdi dir="ltr" className={styles.who} data-testid="consent-account">{who}</bdi>;
  return (
    <section className="card">
      <h1>{t.rich("oidc.consentHeading", { app, name: (chunks) => <bdi className={styles.appName}>{chunks}</bdi> })}</h1>
      <div className={styles.account}>
        <p>{t.rich("oidc.signedInAs", { who, account: whoElement })}</p>
        <p>
          <Link href={`/login?next=${encodeURIComponent(here)}`}>{t("oidc.notYou")}</Link>
        </p>
      </div>
      <p id="consent-intro" className={styles.intro}>{t("oidc.consentIntro", { app })}</p>
      <ul aria-labelledby="consent-intro" data-testid="consent-scopes" className={styles.scopes}>
        {interaction.scopes.map((scope) => (
          <li key={scope}>{t(`oidc.scopes.${scope}` as "oidc.scopes.openid")}</li>
        ))}
      </ul>
      <form method="post" action={`${here}/decision`} className={styles.actions}>
        <button type="submit" name="decision" value="allow" className="button">
          {t("oidc.allow")}
        </button>
        <button type="submit" name="decision" value="deny" className="button button--secondary">
          {t("oidc.deny")}
        </button>
      </form>
      <p className={`field__hint ${styles.footer}`}>{t("oidc.consentFooter")}</p>
    </section>
  );
}
