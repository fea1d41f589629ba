import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { devMailboxEnabled, devPhoneEnabled } from "@/lib/server/config/env";
import { linksInMail, listDevMail } from "@/lib/server/courier/dev-mailbox";
import { getTranslations } from "next-intl/server";

// Without the dev mailbox there is no page, and not even its title may show.
export async function generateMetadata(): Promise<Metadata> {
  return devMailboxEnabled ? { title: (await getTranslations("devMailbox"))("title"), robots: { index: false } } : {};
}
export const dynamic = "force-dynamic";


// Only when no SMTP_URL is set: a newcomer can walk the whole journey on one machine without a mail server.
export default async function DevOutboxPage() {
  const m = await getTranslations("devMailbox");
  const sms = await getTranslations("sms.devPhone");
  if (!devMailboxEnabled) notFound();
  const mails = await listDevMail();
  return (
    <section className="dev-mailbox">
      <h1>{m("title")}</h1>
      <p className="alert alert--info">{m("banner")}</p>
      {/* Texts (codes) land beside the mail when no SMS_URL is set either. */}
      {devPhoneEnabled ? (
        <p>
          <Link href="/dev/sms">{sms("open")}</Link>
        </p>
      ) : null}
      {mails.length === 0 ? <p>{m("empty")}</p> : null}
      {mails.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{m("sent")}</th>
              <th>{m("to")}</th>
              <th>{m("subject")}</th>
              <th>{m("links")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((mail) => (
              <tr key={mail.id}>
                <td>{mail.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
                <td>{mail.to}</td>
                <td>
                  {mail.subject}
                  <br />
                  <a href={`/dev/mail/${mail.id}`} target="_blank" rel="noreferrer">{m("open")}</a>
                </td>
                <td>
                  {linksInMail(mail.text).map((link) => (
                    <a key={link} href={link}>{link}</a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
