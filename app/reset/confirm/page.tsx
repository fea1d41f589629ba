import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { resetLinkState } from "@/lib/server/flows/recovery/password-reset";
import { currentResetLink } from "./reset-link";
import { ResetForm } from "./_components/reset-form";

const TITLES = {
  ready: "chooseTitle",
  invalid: "invalidTitle",
  expired: "expiredTitle",
} as const;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("passwordReset");
  return { title: t(TITLES[resetLinkState(await currentResetLink(), new Date())]), robots: { index: false } };
}

// Reached from the email link through /reset, which put the link's token in an HttpOnly cookie.
export default async function ResetConfirmPage() {
  const link = await currentResetLink();
  const linkState = resetLinkState(link, new Date());
  // The checklist's "not your email name" line; whoever holds the link reads that mailbox already.
  const email = linkState === "ready" ? link?.account.email : undefined;
  return (
    <section className="card">
      <ResetForm linkState={linkState} email={email} />
    </section>
  );
}
