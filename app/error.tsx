"use client";

import { useTranslations } from "next-intl";

// Unexpected failures get a calm page, never a stack trace (Next.js hides details in production builds).
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const failure = useTranslations("failure");
  return (
    <section className="card">
      <h1>{failure("title")}</h1>
      <p>{failure("body")}</p>
      <button type="button" className="button" onClick={() => reset()}>{failure("retry")}</button>
    </section>
  );
}
