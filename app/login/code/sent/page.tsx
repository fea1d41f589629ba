import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { readCookie } from "@/app/_lib/request";
import { CODE_REQUEST_COOKIE, loadCodeRequest } from "@/lib/server/flows/code-request";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { CodeEntryForm } from "../../_components/code-entry-form";
import { ResendForm } from "@/components/ui/resend-form";
import { resendSignInCodeAction, signInWithCodeAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("login.enterCodeTitle"), robots: { index: false } };
}

// Sign in "using a text message", step 2. The number comes from this browser's code request, kept by the server
// (flows/code-request.ts); the words are the same whether or not the number has an account.
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInCodeSentPage({ searchParams }: Props) {
  const t = await getTranslations();
  const returnTo = safeReturnPath((await searchParams).next) ?? undefined;
  const request = await loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());
  if (!request || request.purpose !== "sign_in") {
    return (
      <section className="card">
        <h1>{t("login.enterCodeTitle")}</h1>
        <p>{t("textCode.requestExpired")}</p>
        <Link href="/login/code" className="button">{t("login.useText")}</Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("login.enterCodeTitle")}</h1>
      <p className="card__sub">
        {t.rich("textCode.signInSentTo", { number: () => <bdi dir="ltr" data-testid="code-number">{formatPhoneNumber(request.e164)}</bdi> })}
      </p>
      <CodeEntryForm action={signInWithCodeAction} id="login-code" submit={t("login.codeSubmit")} returnTo={returnTo} />
      <ResendForm action={resendSignInCodeAction} words="textCode" initialWaitSeconds={request.resendWaitSeconds} />
      <p className="muted back-link">
        <Link href="/login/code">{t("textCode.otherNumber")}</Link> · <Link href="/login">{t("login.usePassword")}</Link>
      </p>
    </section>
  );
}
