import type { Locale } from "@/lib/shared/i18n/locales";
import { emailCopy } from "./copy";
import { EmailLayout, EmailText, EmailUrl } from "./layout";
import { renderEmail, type RenderedEmail } from "./rendered-email";

/** Which change of two-step verification, or of the account's passkeys, the notice reports. */
export type TwoStepNotice = "on" | "off" | "codeUsed" | "codesRenewed" | "passkeyAdded" | "passkeyRemoved";

/** `left`: recovery codes left (codeUsed); `name`: the passkey's (passkeyAdded, passkeyRemoved). */
export type TwoStepNoticeEmailProps = { notice: TwoStepNotice; left?: number; name?: string; accountUrl: string; locale: Locale };

function words({ notice, left = 0, name = "", locale }: TwoStepNoticeEmailProps) {
  const m = emailCopy(locale, "twoStep", { left, name });
  const { subject, body } = {
    on: { subject: m.onSubject, body: m.onBody },
    off: { subject: m.offSubject, body: m.offBody },
    codeUsed: { subject: m.codeUsedSubject, body: m.codeUsedBody },
    codesRenewed: { subject: m.codesRenewedSubject, body: m.codesRenewedBody },
    passkeyAdded: { subject: m.passkeyAddedSubject, body: m.passkeyAddedBody },
    passkeyRemoved: { subject: m.passkeyRemovedSubject, body: m.passkeyRemovedBody },
  }[notice];
  return { ...m, subject, body };
}

/** Sent for every change of two-step verification or of the passkeys, so the owner hears of one they did not make. */
export function TwoStepNoticeEmail(props: TwoStepNoticeEmailProps) {
  const m = words(props);
  return (
    <EmailLayout title={m.subject} frame={{ locale: props.locale, ...m }}>
      <EmailText>{m.greeting}</EmailText>
      <EmailText>{m.body}</EmailText>
      <EmailText muted>
        {m.notYou} <EmailUrl href={props.accountUrl} />
      </EmailText>
    </EmailLayout>
  );
}

export function renderTwoStepNoticeEmail(props: TwoStepNoticeEmailProps): Promise<RenderedEmail> {
  const m = words(props);
  const text = [m.greeting, "", m.body, "", m.notYou, props.accountUrl, "", m.signature];
  return renderEmail(m.subject, <TwoStepNoticeEmail {...props} />, text);
}
