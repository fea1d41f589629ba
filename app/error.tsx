"use client";

import { messages } from "@/lib/shared/messages";

// Unexpected failures get a calm page, never a stack trace (Next.js hides details in production builds).
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card">
      <h1>{messages.failure.title}</h1>
      <p>{messages.failure.body}</p>
      <button type="button" className="button" onClick={() => reset()}>{messages.failure.retry}</button>
    </section>
  );
}
