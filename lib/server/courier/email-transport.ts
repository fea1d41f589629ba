import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { devMailboxEnabled, env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { errorSummary, log } from "@/lib/server/log";

export type Email = { to: string; subject: string; html: string; text: string };
export type Delivery = { ok: true } | { ok: false; error: string; permanent: boolean };

let transport: Transporter | undefined;

function smtpTransport(): Transporter {
  // Short timeouts: a slow mail server must not hold a person's Submit for minutes (nodemailer's defaults).
  transport ??= nodemailer.createTransport({
    url: env.SMTP_URL,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } satisfies SMTPTransport.Options);
  return transport;
}

/**
 * Sends one email through SMTP_URL, or keeps it in the dev mailbox when no SMTP server is configured.
 * Never throws: a failed send is logged and reported, and the caller decides what the person sees.
 */
export async function deliverEmail(mail: Email): Promise<Delivery> {
  try {
    if (devMailboxEnabled) {
      await db.devMail.create({ data: { to: mail.to, subject: mail.subject, html: mail.html, text: mail.text } });
    } else {
      await smtpTransport().sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
    }
    log.info("mail.sent", { subject: mail.subject });
    return { ok: true };
  } catch (error) {
    // SMTP 5xx is the server's final word (no such mailbox, say); 4xx and network trouble may pass.
    const code = (error as { responseCode?: number }).responseCode;
    const permanent = typeof code === "number" && code >= 500;
    log.error("mail.failed", { subject: mail.subject, error: errorSummary(error), permanent });
    return { ok: false, error: errorSummary(error), permanent };
  }
}
