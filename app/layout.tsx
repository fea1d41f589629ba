import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { messages } from "@/lib/messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: messages.brand.name, template: `%s · ${messages.brand.name}` },
  description: messages.home.lead,
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#ff6900" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        <main>{children}</main>
        <footer className="site-footer">{messages.brand.footer}</footer>
      </body>
    </html>
  );
}
