import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { signOutAction } from "@/app/account/actions";
import { LanguageChoice } from "@/components/language-choice";
import { SiteHeader } from "@/components/site-header";
import { clientMessages } from "@/lib/shared/i18n/catalogue";
import { direction, isLocale, DEFAULT_LOCALE, PATH_HEADER } from "@/lib/shared/i18n/locales";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  const brand = t("brand.name");
  return {
    title: { default: brand, template: `%s · ${brand}` },
    description: t("home.lead"),
    icons: { icon: [{ url: "/favicon.ico", sizes: "32x32" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ff6900" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next.js can only put the CSP nonce (lib/server/security/front-door.ts) on its scripts then.
  await connection();
  const requested = await getLocale();
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const t = await getTranslations();
  const back = (await headers()).get(PATH_HEADER) ?? "/";
  const account = await getCurrentAccount();
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        {/* Client components get only the namespaces they use; the rest stays on the server. */}
        <NextIntlClientProvider locale={locale} messages={clientMessages(locale)} timeZone="UTC">
          {/* Keyboard users reach the page's own content in one step, past the header. */}
          <a href="#main" className="skip-link">{t("nav.skipToContent")}</a>
          <SiteHeader
            signedInAs={account?.miId ?? null}
            signOut={signOutAction}
            labels={{ brand: t("brand.name"), nav: t("nav.label"), account: t("nav.account"), signIn: t("nav.signIn"), register: t("nav.register"), signOut: t("nav.signOut") }}
          />
          <main id="main" tabIndex={-1}>{children}</main>
          <footer className="site-footer">
            <nav aria-label={t("brand.footerLabel")}>
              <ul className="site-footer__links">
                <li><Link href="/privacy">{t("brand.privacy")}</Link></li>
                <li><Link href="/help">{t("brand.help")}</Link></li>
              </ul>
            </nav>
            <LanguageChoice current={locale} back={back} label={t("brand.languageLabel")} />
            <p>{t("brand.footer")}</p>
          </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
