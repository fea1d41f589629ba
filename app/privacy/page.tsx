import type { Metadata } from "next";
import { messages } from "@/lib/shared/messages";

export const metadata: Metadata = { title: messages.privacy.title };

const privacyPolicy = messages.privacy.policy;

export default function PrivacyPage() {
  return (
    <article className="prose">
      <h1>{messages.privacy.title}</h1>
      <p className="muted">{privacyPolicy.updated}</p>
      {privacyPolicy.sections.map((section) => (
        <section key={section.heading}>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
