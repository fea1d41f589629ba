import { Text } from "@react-email/text";
import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

export type BindingCodeEmailProps = { code: string; locale: Locale };

// The code comes first and large, as on a phone's lock screen the preview shows it before anything else; digits
// spaced and set in tabular figures so none is misread, left to right in an Arabic email too.
const codeStyle = { fontSize: 34, lineHeight: 1.2, fontWeight: "bold", letterSpacing: 8, margin: "8px 0 16px", color: "#333", fontVariantNumeric: "tabular-nums" };

/** A 6-digit code that proves this mailbox is the person's, to add it to their account on the account page. */
export function BindingCodeEmail({ code, locale }: BindingCodeEmailProps) {
  const m = emailCopy(locale, "bindingCode");
  return (
    <EmailLayout title={m.subject} frame={{ locale, ...m }}>
      <Text style={codeStyle} dir="ltr">{code}</Text>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>{m.ignore}</EmailText>
    </EmailLayout>
  );
}

export function renderBindingCodeEmail(props: BindingCodeEmailProps): Promise<RenderedEmail> {
  const m = emailCopy(props.locale, "bindingCode");
  const text = [props.code, "", m.body, "", m.ignore, "", m.signature];
  return renderEmail(m.subject, <BindingCodeEmail {...props} />, text);
}
