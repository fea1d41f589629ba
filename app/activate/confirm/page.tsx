import type { Metadata } from "next";
import { readCookie } from "@/app/_lib/request";
import { inspectActivationToken } from "@/lib/server/accounts/activation";
import { COOKIE } from "@/lib/server/config/cookies";
import { getTranslations } from "next-intl/server";
import { ActivateForm } from "./_components/activate-form";

const TITLES = {
  ready: "title",
  "needs-password": "title",
  invalid: "invalidTitle",
  expired: "expiredTitle",
  "already-active": "alreadyTitle",
} as const;

// The title says what the page says: a link that no longer works is not "Activate your Mi Account".
export async function generateMetadata(): Promise<Metadata> {
  const state = await inspectActivationToken(await readCookie(COOKIE.activation), new Date(), await readCookie(COOKIE.signUpDraft));
  const t = await getTranslations("activate");
  return { title: t(TITLES[state]), robots: { index: false } };
}

// Reached from the email link through /activate, which put the link's token in an HttpOnly cookie.
export default async function ActivateConfirmPage() {
  const linkState = await inspectActivationToken(await readCookie(COOKIE.activation), new Date(), await readCookie(COOKIE.signUpDraft));
  return (
    <section className="card">
      <ActivateForm linkState={linkState} />
    </section>
  );
}
