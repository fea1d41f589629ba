import type { Metadata } from "next";
import { readCookie } from "@/app/_lib/request";
import { inspectPasswordReset } from "@/lib/server/accounts/password-reset";
import { COOKIE } from "@/lib/server/config/cookies";
import { messages } from "@/lib/shared/messages";
import { ResetForm } from "./_components/reset-form";

export const metadata: Metadata = { title: messages.passwordReset.chooseTitle, robots: { index: false } };

// Reached from the email link through /reset, which put the link's token in an HttpOnly cookie.
export default async function ResetConfirmPage() {
  const linkState = await inspectPasswordReset(await readCookie(COOKIE.passwordReset));
  return (
    <section className="card">
      <ResetForm linkState={linkState} />
    </section>
  );
}
