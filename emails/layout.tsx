import type { ReactNode } from "react";
// Each component from its own package: @react-email/components' index loads every component (a code highlighter
// and Tailwind among them), half a second on each import of the mail templates.
import { Body } from "@react-email/body";
import { Column } from "@react-email/column";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Row } from "@react-email/row";
import { Text } from "@react-email/text";
import { direction, type Locale } from "@/lib/shared/i18n/locales";

// Inline styles only: mail clients drop <style> and classes. Colours match the portal's: the brand orange for
// the rule under the header, the darkened orange (white on it 4.9:1) for text and the button.
const ORANGE = "#ff6900";
const ACTION = "#bf4d00";
// <Body> keeps the background and zeroed margins on <body> and moves the rest to a wrapping cell.
const page = { margin: 0, padding: "24px 0", background: "#f5f5f5", fontFamily: "Arial,Helvetica,sans-serif", color: "#333" };
const card = { maxWidth: 560, width: "100%", background: "#ffffff", borderRadius: 8 };
const header = { padding: "24px 32px", borderBottom: `3px solid ${ORANGE}`, fontSize: 20, fontWeight: "bold", color: ACTION };
const content = { padding: "24px 32px", fontSize: 15, lineHeight: 1.6 };
// <Text> sets its own font size and line height; these keep the card's.
const paragraph = { fontSize: 15, lineHeight: 1.6, margin: "16px 0" };
const muted = { ...paragraph, color: "#666" };
const buttonBox = { ...paragraph, margin: "24px 0" };
const button = {
  display: "inline-block",
  background: ACTION,
  color: "#ffffff",
  textDecoration: "none",
  fontWeight: "bold",
  padding: "12px 28px",
  borderRadius: 6,
};
const inlineLink = { color: ACTION, wordBreak: "break-all" as const };

/** The frame of every email (brand header, white card on grey, the body, the signature), in its language. */
export type EmailFrame = { locale: Locale; brand: string; signature: string };

export function EmailLayout({ title, frame, children }: { title: string; frame: EmailFrame; children: ReactNode }) {
  return (
    <Html lang={frame.locale} dir={direction(frame.locale)}>
      <Head>
        {/* Phone mail apps that render HTML in a web view would otherwise lay it out 980 px wide. */}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </Head>
      <Body style={page}>
        <Container style={card}>
          <Row>
            <Column style={header}>{frame.brand}</Column>
          </Row>
          <Row>
            <Column style={content}>
              {children}
              <Text style={{ ...muted, margin: "24px 0 0" }}>{frame.signature}</Text>
            </Column>
          </Row>
        </Container>
      </Body>
    </Html>
  );
}

export function EmailText({ children, muted: isMuted = false }: { children: ReactNode; muted?: boolean }) {
  return <Text style={isMuted ? muted : paragraph}>{children}</Text>;
}

/**
 * A plain styled <a>, not react-email's <Button>: that one wraps the label in spans and Outlook comments,
 * and the label must stay the link's only text (tests and readers find the link by it).
 */
export function EmailButton({ href, children }: { href: string; children: string }) {
  return (
    <Text style={buttonBox}>
      <Link href={href} style={button}>
        {children}
      </Link>
    </Text>
  );
}

/** A URL shown as itself, for clients that hide buttons; breaks anywhere so a long token can't widen the card. */
export function EmailUrl({ href }: { href: string }) {
  return (
    // A URL reads left to right inside an Arabic email too.
    <Link href={href} style={inlineLink} dir="ltr">
      {href}
    </Link>
  );
}
