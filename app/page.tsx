import Link from "next/link";
import { messages } from "@/lib/shared/messages";

const m = messages.home;

export default function HomePage() {
  return (
    <>
      <section className="hero">
        <h1>{m.title}</h1>
        <p>{m.lead}</p>
        <div className="hero__actions">
          <Link href="/register" className="button">{m.cta}</Link>
          <Link href="/login" className="button button--secondary">{messages.nav.signIn}</Link>
        </div>
      </section>
      <section className="features" aria-label={m.title}>
        {m.features.map((feature) => (
          <article key={feature.title} className="feature">
            <h2>{feature.title}</h2>
            <p>{feature.body}</p>
          </article>
        ))}
      </section>
    </>
  );
}
