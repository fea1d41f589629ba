import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("help");
  return { title: t("title") };
}

// Each question of the help page and where its answer leads.
const TOPICS = { activation: "/resend", forgot: "/forgot", signIn: "/login", locked: "/forgot", settings: "/account" } as const;

export default async function HelpPage() {
  const t = await getTranslations("help");
  return (
    <article className="prose">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {(Object.keys(TOPICS) as (keyof typeof TOPICS)[]).map((topic) => (
        <section key={topic}>
          <h2>{t(`topics.${topic}.question`)}</h2>
          <p>{t(`topics.${topic}.answer`)}</p>
          <p><Link href={TOPICS[topic]}>{t(`topics.${topic}.link`)}</Link></p>
        </section>
      ))}
    </article>
  );
}
