import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { maskedDestination } from "@/lib/server/flows/login/new-device";
import { newDeviceCodeSentTo, pendingSecondStep } from "@/lib/server/flows/login/second-step";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { SecondStepForm } from "./_components/second-step-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  const pending = await pendingSecondStep({ token: await readCookie(COOKIE.secondStep), now: new Date() });
  return { title: t(pending?.check === "new-device" ? "twoStep.newDeviceTitle" : "twoStep.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The second step of a sign-in (lib/server/flows/login/second-step.ts): only for a browser half signed in; any other
// (or one whose 5 minutes are over) is sent to sign in again.
export default async function SecondStepPage({ searchParams }: Props) {
  const t = await getTranslations();
  const returnTo = safeReturnPath((await searchParams).next) ?? undefined;
  const pending = await pendingSecondStep({ token: await readCookie(COOKIE.secondStep), now: new Date() });
  const signInAgain = returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login";
  const sentTo = pending?.check === "new-device" ? await newDeviceCodeSentTo({ accountId: pending.accountId, now: new Date() }) : null;
  const intro =
    pending?.check === "new-device"
      ? t(sentTo?.startsWith("+") ? "twoStep.newDevicePhone" : "twoStep.newDeviceEmail", { destination: maskedDestination(sentTo ?? "") })
      : t("twoStep.signInIntro");
  return (
    <section className="card">
      <h1>{t(pending?.check === "new-device" ? "twoStep.newDeviceTitle" : "twoStep.title")}</h1>
      {pending ? (
        <>
          <p className="card__sub">{intro}</p>
          <SecondStepForm returnTo={returnTo} check={pending.check} />
        </>
      ) : (
        <>
          <p className="alert alert--error" role="alert">{t("twoStep.expired")}</p>
          <p><Link className="button" href={signInAgain}>{t("twoStep.signInAgain")}</Link></p>
        </>
      )}
    </section>
  );
}
