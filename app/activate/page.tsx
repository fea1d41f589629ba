import type { Metadata } from "next";
import { inspectActivationToken } from "@/lib/activation";
import { messages } from "@/lib/messages";
import { ActivateForm } from "./_components/activate-form";
import { ActivationProblem } from "./_components/activation-outcome";

// The URL holds a secret: keep it out of Referer headers (next.config.ts sets the header too).
export const metadata: Metadata = { title: messages.activate.title, referrer: "no-referrer", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ActivatePage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const state = await inspectActivationToken(token);
  return (
    <section className="card">
      {state === "ready" && typeof token === "string" ? <ActivateForm token={token} /> : null}
      {state !== "ready" ? <ActivationProblem reason={state} /> : null}
    </section>
  );
}
