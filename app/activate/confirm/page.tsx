import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { activationState } from "@/lib/server/flows/verification/activation";
import { currentActivationLink } from "./activation-link";
import { readRegistrationReturnPath, signInHref } from "@/app/_lib/registration-return";
import { ActivateForm } from "./_components/activate-form";

const TITLES = {
  ready: "title",
  "needs-password": "title",
  invalid: "invalidTitle",
  expired: "expiredTitle",
  "already-active": "alreadyTitle",
} as const;

/** What the page offers for this request's link, worked out once for the title and the page. */
const linkState = cache(async () =>
  activationState(await currentActivationLink(), { draftId: await readCookie(COOKIE.registrationDraft), now: new Date() }),
);

// The title says what the page says: a link that no longer works is not "Activate your Mi Account".
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("activate");
  return { title: t(TITLES[await linkState()]), robots: { index: false } };
}

// Reached from the email link through /activate, which put the link's token in an HttpOnly cookie.
export default async function ActivateConfirmPage() {
  return (
    <section className="card">
      {/* A registration begun from an app's sign-in goes back to it (in the browser that registered). */}
      <ActivateForm linkState={await linkState()} signInHref={signInHref(await readRegistrationReturnPath())} />
    </section>
  );
}
