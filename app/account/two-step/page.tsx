import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { authenticatorSetup, twoStepStatus } from "@/lib/server/flows/settings/two-step";
import { RECOVERY_CODES_LOW } from "@/lib/server/methods/recovery-code/recovery-codes";
import { RenewCodesForm, TurnOffForm, TurnOnForm } from "./_components/two-step-forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("twoStep.title") };
}

// Two-step verification (lib/server/flows/settings/two-step.ts): off, the authenticator app's setup; on, the
// recovery codes left, a new set, and turning it off.
export default async function TwoStepPage() {
  const t = await getTranslations();
  const account = await requireAccount({ redirectTo: "/account/two-step" });
  const status = await twoStepStatus({ accountId: account.id });
  const setup = status.on ? null : await authenticatorSetup({ account, now: new Date() });
  return (
    <section className="card">
      <h1>{t("twoStep.title")}</h1>
      <p className="card__sub">{t("twoStep.intro")}</p>
      <TurnOnForm setup={setup} miId={account.miId} />
      {status.on ? (
        <>
          <p className={status.recoveryCodesLeft <= RECOVERY_CODES_LOW ? "alert alert--error" : "muted"} data-testid="recovery-codes-left">
            {status.recoveryCodesLeft <= RECOVERY_CODES_LOW ? t("twoStep.codesLow", { count: status.recoveryCodesLeft }) : t("twoStep.codesLeft", { count: status.recoveryCodesLeft })}
          </p>
          <RenewCodesForm miId={account.miId} />
          <TurnOffForm />
        </>
      ) : null}
      <p className="muted back-link">
        <Link href="/account#two-step">{t("twoStep.backToAccount")}</Link>
      </p>
    </section>
  );
}
