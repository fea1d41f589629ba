import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { EmailAddress } from "@/components/ui/email-address";
import { listSessions } from "@/lib/server/identity/sessions";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { DeleteForm } from "./_components/delete-form";
import styles from "../_components/account.module.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("accountSettings.deleteConfirmTitle"), robots: { index: false } };
}

// Deleting the account, the second step: what is lost, named for this account, then the password and a red
// button. The account page only links here, so no single press there deletes anything.
export default async function DeleteAccountPage() {
  const t = await getTranslations("accountSettings");
  const account = await requireAccount({ redirectTo: "/account/delete" });
  const sessions = await listSessions(account.id, new Date());
  return (
    <section className="card">
      <h1 id="delete-confirm-title">{t("deleteConfirmTitle")}</h1>
      <p className="card__sub">{t("deleteConfirmIntro")}</p>
      <h2 id="delete-lost-title">{t("deleteLostTitle")}</h2>
      <ul aria-labelledby="delete-lost-title" className={styles.lost}>
        <li>{t("deleteLostMiId", { miId: account.miId })}</li>
        {account.email ? <li>{t("deleteLostEmail")} <EmailAddress email={account.email} /></li> : null}
        {account.phone ? <li>{t("deleteLostPhone")} <bdi dir="ltr">{formatPhoneNumber(account.phone)}</bdi></li> : null}
        <li>{t("deleteLostSessions", { count: sessions.length })}</li>
        <li>{t("deleteLostData")}</li>
      </ul>
      <p className={styles.final}>{t("deleteFinal")}</p>
      <DeleteForm />
    </section>
  );
}
