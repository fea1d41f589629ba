import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("accountSettings.deletedTitle"), robots: { index: false } };
}

export default async function AccountDeletedPage() {
  const t = await getTranslations();
  return (
    <section className="card">
      <h1>{t("accountSettings.deletedTitle")}</h1>
      <p>{t("accountSettings.deletedBody")}</p>
      <Link href="/register" className="button">{t("nav.register")}</Link>
    </section>
  );
}
