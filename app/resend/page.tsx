import type { Metadata } from "next";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { messages } from "@/lib/shared/messages";
import { ResendActivationForm } from "./_components/resend-activation-form";

export const metadata: Metadata = { title: messages.resend.title };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResendPage({ searchParams }: Props) {
  const email = (await searchParams).email;
  return (
    <section className="card">
      <h1>{messages.resend.title}</h1>
      <p className="card__sub">{messages.resend.intro}</p>
      <ResendActivationForm email={typeof email === "string" ? email.slice(0, EMAIL_MAX_LENGTH) : ""} />
    </section>
  );
}
