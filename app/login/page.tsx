import type { Metadata } from "next";
import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { newCaptchaNonce } from "@/app/_lib/captcha-nonce";
import { renderingForEveryone, requestIpGroup } from "@/app/_lib/request";
import { signInCaptchaShown } from "@/lib/server/flows/login/throttle";
import { safeReturnPath } from "@/lib/shared/safe-redirect";
import { appNameForReturnPath } from "@/app/authorize/_lib/app-name";
import { LoginForm } from "./_components/login-form";
import { refusalState } from "./refusal-state";
import { decodeRefusal, SIGN_IN_REFUSAL_HEADER } from "./sign-in-refusal";
import { defaultPhoneCountry, phoneCountries } from "@/app/_lib/phone-countries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("login.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const t = await getTranslations();
  const params = await searchParams;
  // "everywhere": after "Sign out everywhere", which ended this browser's session and every other one.
  const signedOut = params.signedOut === "everywhere" ? t("login.signedOutEverywhere") : params.signedOut === "1" ? t("login.signedOut") : undefined;
  const returnTo = safeReturnPath(params.next) ?? undefined;
  const forEveryone = await renderingForEveryone();
  // A refused sign-in, handed here by the form's POST (sign-in-post.ts): this render is its answer.
  const refusal = forEveryone ? undefined : decodeRefusal((await headers()).get(SIGN_IN_REFUSAL_HEADER));
  // When the next sign-in from this address must pass a captcha, it is on the form before the first submit. The
  // copy prerendered for everyone has none; such an address gets the page rendered for it (app/_lib/prerendered.ts).
  const captchaShown =
    !forEveryone &&
    (refusal?.reason === "captcha" ||
      (refusal && "captchaRequired" in refusal && refusal.captchaRequired) ||
      (await signInCaptchaShown({ ipGroup: await requestIpGroup(), now: new Date() })));
  const captchaNonce = captchaShown ? newCaptchaNonce() : undefined;
  // Sent here by an app ("Sign in with Mi"): the page says which one the sign-in is for.
  const app = await appNameForReturnPath(returnTo);
  return (
    <section className="card">
      <h1>{t("login.title")}</h1>
      {app ? <p className="card__sub" data-testid="sign-in-for">{t("oidc.signInFor", { app })}</p> : null}
      <LoginForm
        notice={signedOut}
        refused={refusal ? await refusalState(refusal) : undefined}
        returnTo={returnTo}
        captchaNonce={captchaNonce}
        countries={phoneCountries(await getLocale())}
        defaultCountry={await defaultPhoneCountry()}
        passkeyWords={{
          signIn: t("passkeys.signIn"),
          needsJavaScript: t("passkeys.signInNeedsJavaScript"),
          unsupported: t("passkeys.unsupported"),
          cancelled: t("passkeys.cancelled"),
          failed: t("passkeys.failed"),
          waiting: t("passkeys.waiting"),
        }}
      />
    </section>
  );
}
