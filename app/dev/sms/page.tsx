import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { devMailboxEnabled, devPhoneEnabled } from "@/lib/server/config/env";
import { codeInSms, listDevSms } from "@/lib/server/courier/dev-phone";

// Without the dev phone there is no page, and not even its title may show: with SMS_URL set, texts go to a real
// SMSC, and this page would otherwise be a list of everyone's codes.
export async function generateMetadata(): Promise<Metadata> {
  return devPhoneEnabled ? { title: (await getTranslations("sms.devPhone"))("title"), robots: { index: false } } : {};
}
export const dynamic = "force-dynamic";

// Only when no SMS_URL is set: a newcomer can walk the journey by phone on one machine without an SMS provider.
export default async function DevPhonePage() {
  const m = await getTranslations("sms.devPhone");
  if (!devPhoneEnabled) notFound();
  const texts = await listDevSms();
  return (
    <section className="dev-mailbox">
      <h1>{m("title")}</h1>
      <p className="alert alert--info">{m("banner")}</p>
      {devMailboxEnabled ? (
        <p>
          <Link href="/dev/mail">{m("mailbox")}</Link>
        </p>
      ) : null}
      {texts.length === 0 ? <p>{m("empty")}</p> : null}
      {texts.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{m("sent")}</th>
              <th>{m("to")}</th>
              <th>{m("code")}</th>
              <th>{m("text")}</th>
            </tr>
          </thead>
          <tbody>
            {texts.map((sms) => {
              const code = codeInSms(sms.text);
              return (
                <tr key={sms.id}>
                  <td>{sms.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                  <td>
                    <bdi dir="ltr">{sms.to}</bdi>
                  </td>
                  <td>{code ? <code className="dev-phone__code" data-testid="dev-phone-code">{code}</code> : null}</td>
                  <td dir="auto">{sms.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
