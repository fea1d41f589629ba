import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("oidc.expiredTitle"), robots: { index: false } };
}

/** An app's sign-in request that is over (used, timed out) or was begun in another browser. */
export default async function ExpiredAuthorizationPage() {
  const t = await getTranslations();
  return (
    <section className="card">
      <h1>{t("oidc.expiredTitle")}</h1>
      <p>{t("oidc.expiredBody")}</p>
      <Link href="/" className="button button--secondary">{t("oidc.backHome")}</Link>
    </section>
  );
}
