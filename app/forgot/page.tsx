import type { Metadata } from "next";
import { messages } from "@/lib/shared/messages";
import { ForgotForm } from "./_components/forgot-form";

export const metadata: Metadata = { title: messages.passwordReset.requestTitle };

export default function ForgotPage() {
  return (
    <section className="card">
      <h1>{messages.passwordReset.requestTitle}</h1>
      <p className="card__sub">{messages.passwordReset.requestIntro}</p>
      <ForgotForm />
    </section>
  );
}
