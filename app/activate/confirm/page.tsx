import type { Metadata } from "next";
import { readCookie } from "@/app/_lib/request";
import { inspectActivationToken } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";
import { messages } from "@/lib/shared/messages";
import { ActivateForm } from "./_components/activate-form";

export const metadata: Metadata = { title: messages.activate.title, robots: { index: false } };

// Reached from the email link through /activate, which put the link's token in an HttpOnly cookie.
export default async function ActivateConfirmPage() {
  const linkState = await inspectActivationToken(await readCookie(COOKIE.activation), new Date(), await readCookie(COOKIE.signUpDraft));
  return (
    <section className="card">
      <ActivateForm linkState={linkState} />
    </section>
  );
}
