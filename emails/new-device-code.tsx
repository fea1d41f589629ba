import { Text } from "@react-email/text";
import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

/** `browser`, `address` and `time` are already in words: where and when the password was typed. */
export type NewDeviceCodeEmailProps = { code: string; browser: string; address: string; time: string; changePasswordUrl: string; locale: Locale };

// As the binding code's mail: the code first and large, so a phone's preview shows it.
const codeStyle = { fontSize: 34, lineHeight: 1.2, fontWeight: "bold", letterSpacing: 8, margin: "8px 0 16px", color: "#333", fontVariantNumeric: "tabular-nums" };

/** The code that lets a browser that has never signed in to the account in, and where and when it asked. */
export function NewDeviceCodeEmail({ code, browser, address, time, changePasswordUrl, locale }: NewDeviceCodeEmailProps) {
  const m = emailCopy(locale, "newDeviceCode", { browser, address, time });
  return (
    <EmailLayout title={m.subject} frame={{ locale, ...m }}>
      <Text style={codeStyle} dir="ltr">{code}</Text>
      <EmailText>{m.body}</EmailText>
      <EmailText>{m.where}</EmailText>
      <EmailText muted>
        {m.notYou} <EmailUrl href={changePasswordUrl} />
      </EmailText>
    </EmailLayout>
  );
}

export function renderNewDeviceCodeEmail(props: NewDeviceCodeEmailProps): Promise<RenderedEmail> {
  const m = emailCopy(props.locale, "newDeviceCode", { browser: props.browser, address: props.address, time: props.time });
  const text = [props.code, "", m.body, "", m.where, "", m.notYou, props.changePasswordUrl, "", m.signature];
  return renderEmail(m.subject, <NewDeviceCodeEmail {...props} />, text);
}
