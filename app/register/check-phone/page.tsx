import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { devPhoneEnabled } from "@/lib/server/config/env";
import { draftCodeUndelivered } from "@/lib/server/flows/registration/draft";
import { activatedByThisRegistration } from "@/lib/server/flows/verification/code-activation";
import { CODE_LIFETIME_MINUTES } from "@/lib/shared/one-time-code";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { CodeStep } from "../_components/code-step";
import { ResendForm } from "@/components/ui/resend-form";
import { resendCodeAction } from "../actions";
import { readRegistrationReturnPath, signInHref } from "@/app/_lib/registration-return";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("checkPhone.title") };
}

// A registration by phone: the code texted in step 2 is typed here, in the browser that registered (its draft).
export default async function CheckPhonePage() {
  const m = await getTranslations("checkPhone");
  const draft = await currentRegistrationDraft();
  if (!draft?.submitted) redirect("/register");
  if (draft.phone === undefined) redirect("/register/check-email");
  const number = formatPhoneNumber(draft.phone);
  const done = await activatedByThisRegistration({ phone: draft.phone, passwordHash: draft.passwordHash });
  const undelivered = done ? null : await draftCodeUndelivered(draft);
  return (
    <section className="card">
      <CodeStep done={done && { miId: done.miId, phone: number }} signInHref={signInHref(await readRegistrationReturnPath())} resend={<ResendForm action={resendCodeAction} words="checkPhone" initialWaitSeconds={draft.resendWaitSeconds} />}>
        <h1>{m("title")}</h1>
        <p>{m.rich("sentTo", { number, phone: () => <bdi dir="ltr" data-testid="check-phone-number">{number}</bdi> })}</p>
        <p>{m("instructions", { minutes: CODE_LIFETIME_MINUTES })}</p>
        {undelivered === "refused" ? (
          <p className="alert alert--error" role="alert">
            {m("refused")} <Link href="/register">{m("registerAgain")}</Link>
          </p>
        ) : undelivered === "expired" ? (
          <p className="alert alert--error" role="alert">{m("expiredInQueue")}</p>
        ) : null}
        {/* Without SMS_URL the text is on this server's dev phone, not on any phone: say where. */}
        {devPhoneEnabled ? (
          <p>
            <Link href="/dev/sms">{m("devPhone")}</Link>
          </p>
        ) : null}
      </CodeStep>
    </section>
  );
}
