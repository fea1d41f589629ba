import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { readCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { messages } from "@/lib/shared/messages";
import { loadSignUpDraft } from "@/lib/server/accounts/sign-up-draft";
import { Step2Form } from "../_components/step2-form";

export const metadata: Metadata = { title: messages.register.step2Title };

export default async function RegisterPasswordPage() {
  const draft = await loadSignUpDraft(await readCookie(COOKIE.signUpDraft));
  if (!draft) redirect("/register");
  return (
    <section className="card">
      <p className="steps">{messages.register.stepOf(2)}</p>
      <h1>{messages.register.title}</h1>
      {/* A fresh nonce per render makes the browser fetch, and the server make, a new captcha each visit. */}
      <Step2Form email={draft.email} initialNonce={newCaptchaNonce()} />
    </section>
  );
}
