import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { readCookie } from "@/app/_lib/request";
import { CodeEntryForm } from "@/app/login/_components/code-entry-form";
import { ResendForm } from "@/components/ui/resend-form";
import { CODE_REQUEST_COOKIE, loadCodeRequest } from "@/lib/server/flows/code-request";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { checkRecoveryCodeAction, resendRecoveryCodeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("passwordReset.codeTitle"), robots: { index: false } };
}

// Forgot password by phone, step 2: the code. The number comes from this browser's code request, kept by the
// server; the words are the same whether or not the number has an account.
export default async function ForgotCodePage() {
  const t = await getTranslations();
  const request = await loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());
  if (!request || request.purpose !== "recovery") {
    return (
      <section className="card">
        <h1>{t("passwordReset.codeTitle")}</h1>
        <p>{t("textCode.requestExpired")}</p>
        <Link href="/forgot" className="button">{t("passwordReset.requestTitle")}</Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("passwordReset.codeTitle")}</h1>
      <p className="card__sub">
        {t.rich("textCode.recoverySentTo", { number: () => <bdi dir="ltr" data-testid="code-number">{formatPhoneNumber(request.e164)}</bdi> })}
      </p>
      <CodeEntryForm action={checkRecoveryCodeAction} id="forgot-code" submit={t("passwordReset.codeSubmit")} />
      <ResendForm action={resendRecoveryCodeAction} words="textCode" initialWaitSeconds={request.resendWaitSeconds} />
      <p className="muted back-link">
        <Link href="/forgot">{t("textCode.otherNumber")}</Link> · <Link href="/login">{t("passwordReset.backToSignIn")}</Link>
      </p>
    </section>
  );
}
