import Link from "next/link";
import { messages } from "@/lib/shared/messages";

const m = messages.home;

export default function HomePage() {
  return (
    <>
      <section className="card">
        <h1>{m.title}</h1>
        <p className="home__lead">{m.lead}</p>
        <div className="home__actions">
          <Link href="/register" className="button">{m.cta}</Link>
          <Link href="/login" className="button button--secondary">{messages.nav.signIn}</Link>
        </div>
      </section>
      <section className="features" aria-label={m.featuresLabel}>
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
