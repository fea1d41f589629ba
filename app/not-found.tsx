import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <section className="card">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <Link href="/" className="button">{t("notFound.home")}</Link>
    </section>
  );
}
