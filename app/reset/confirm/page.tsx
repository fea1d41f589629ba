import type { Metadata } from "next";
import { readCookie } from "@/app/_lib/request";
import { inspectPasswordReset, passwordResetEmail } from "@/lib/server/accounts/password-reset";
import { COOKIE } from "@/lib/server/config/cookies";
import { getTranslations } from "next-intl/server";
import { ResetForm } from "./_components/reset-form";

const TITLES = {
  ready: "chooseTitle",
  invalid: "invalidTitle",
  expired: "expiredTitle",
} as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("passwordReset");
  return { title: t(TITLES[await inspectPasswordReset(await readCookie(COOKIE.passwordReset))]), robots: { index: false } };
}

// Reached from the email link through /reset, which put the link's token in an HttpOnly cookie.
export default async function ResetConfirmPage() {
  const token = await readCookie(COOKIE.passwordReset);
  const linkState = await inspectPasswordReset(token);
  // The checklist's "not your email name" line; whoever holds the link reads that mailbox already.
  const email = linkState === "ready" ? ((await passwordResetEmail(token)) ?? undefined) : undefined;
  return (
    <section className="card">
      <ResetForm linkState={linkState} email={email} />
    </section>
  );
}
