import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { signOutAction } from "@/app/account/actions";
import { SiteHeader } from "@/components/site-header";
import { messages } from "@/lib/shared/messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: messages.brand.name, template: `%s · ${messages.brand.name}` },
  description: messages.home.lead,
  icons: { icon: [{ url: "/favicon.ico", sizes: "32x32" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ff6900" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next.js can only put the CSP nonce (proxy.ts) on its scripts then.
  await connection();
  return (
    <html lang="en">
      <body>
        {/* Keyboard users reach the page's own content in one step, past the header. */}
        <a href="#main" className="skip-link">{messages.nav.skipToContent}</a>
        <SiteHeader signedInAs={(await getCurrentAccount())?.miId ?? null} signOut={signOutAction} />
        <main id="main" tabIndex={-1}>{children}</main>
        <footer className="site-footer">
          <nav aria-label={messages.brand.footerLabel}>
            <ul className="site-footer__links">
              <li><Link href="/privacy">{messages.brand.privacy}</Link></li>
              <li><Link href="/help">{messages.brand.help}</Link></li>
            </ul>
          </nav>
          <p>{messages.brand.footer}</p>
        </footer>
      </body>
    </html>
  );
}
