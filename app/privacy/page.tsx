import type { Metadata } from "next";
import { getMessages, getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy");
  return { title: t("title") };
}

// The policy's sections and paragraphs are keyed lists in the catalogue; each is plain text in every language.
export default async function PrivacyPage() {
  const t = await getTranslations("privacy");
  const { privacy } = await getMessages();
  return (
    <article className="prose">
      <h1>{t("title")}</h1>
      <p className="muted">{t("updated")}</p>
      {Object.entries(privacy.sections).map(([key, section]) => (
        <section key={key}>
          <h2>{section.heading}</h2>
          {Object.entries(section.paragraphs).map(([id, paragraph]) => (
            <p key={id}>{paragraph}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
