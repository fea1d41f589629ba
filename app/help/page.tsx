import type { Metadata } from "next";
import Link from "next/link";
import { messages } from "@/lib/shared/messages";

export const metadata: Metadata = { title: messages.help.title };

const m = messages.help;

export default function HelpPage() {
  return (
    <article className="prose">
      <h1>{m.title}</h1>
      <p className="muted">{m.intro}</p>
      {m.topics.map((topic) => (
        <section key={topic.question}>
          <h2>{topic.question}</h2>
          <p>{topic.answer}</p>
          <p><Link href={topic.link.href}>{topic.link.text}</Link></p>
        </section>
      ))}
    </article>
  );
}
