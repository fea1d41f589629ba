import Link from "next/link";
import { getTranslations } from "next-intl/server";

const FEATURES = ["devices", "sync", "find", "store"] as const;

export default async function HomePage() {
  const t = await getTranslations("home");
  return (
    <>
      <section className="card">
        <h1>{t("title")}</h1>
        <p className="home__lead">{t("lead")}</p>
        <div className="home__actions">
          <Link href="/register" className="button">{t("cta")}</Link>
          <Link href="/login" className="button button--secondary">{(await getTranslations("nav"))("signIn")}</Link>
        </div>
      </section>
      <section className="features" aria-label={t("featuresLabel")}>
        {FEATURES.map((feature) => (
          <article key={feature} className="feature">
            <h2>{t(`features.${feature}.title`)}</h2>
            <p>{t(`features.${feature}.body`)}</p>
          </article>
        ))}
      </section>
    </>
  );
}
