import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { getTranslations } from "next-intl/server";
import { currentRegistrationDraft } from "@/app/_lib/registration-draft";
import { formatPhoneNumber } from "@/lib/shared/phone-number";
import { Step2Form } from "../_components/step2-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("register.step2Title") };
}

export default async function RegisterPasswordPage() {
  const t = await getTranslations();
  const draft = await currentRegistrationDraft();
  if (!draft) redirect("/register");
  return (
    <section className="card">
      <p className="steps">{t("register.stepOf", { step: 2, total: 2 })}</p>
      <h1>{t("register.title")}</h1>
      {/* A fresh nonce per render makes the browser fetch, and the server make, a new captcha each visit. */}
      <Step2Form
        registeringAs={draft.phone === undefined ? { email: draft.email } : { phone: formatPhoneNumber(draft.phone) }}
        initialNonce={newCaptchaNonce()}
      />
    </section>
  );
}
