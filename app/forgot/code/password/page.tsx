import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { readCookie } from "@/app/_lib/request";
import { ResetForm } from "@/app/reset/confirm/_components/reset-form";
import { CODE_REQUEST_COOKIE, loadCodeRequest } from "@/lib/server/flows/code-request";
import { resetWithCodeAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("passwordReset");
  return { title: t("chooseTitle"), robots: { index: false } };
}

// Forgot password by phone, step 3: reached only with a request whose recovery code was right (its own cookie).
export default async function ForgotCodePasswordPage() {
  const request = await loadCodeRequest(await readCookie(CODE_REQUEST_COOKIE), new Date());
  const ready = request?.purpose === "recovery_proven";
  return (
    <section className="card">
      <ResetForm linkState={ready ? "ready" : "expired"} via={{ action: resetWithCodeAction }} />
    </section>
  );
}
