import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { db } from "@/lib/server/db/client";
import { devOutboxEnabled, env } from "@/lib/server/config/env";
import type { AuditContext } from "@/lib/server/security/audit";
import { errorSummary, log } from "@/lib/server/ops/log";

export type Mail = { to: string; subject: string; html: string; text: string };
export type Delivery = { ok: true } | { ok: false; error: string; permanent: boolean };

/**
 * Where a request's mail goes. With `sendLater` (the server actions pass Next's after()), the send runs after
 * the response, so the answer takes the same time whether or not a mail was due: that timing would otherwise
 * tell which addresses have accounts. Without it (tests, scripts) the send is awaited.
 */
export type MailContext = AuditContext & { sendLater?: (send: () => Promise<void>) => void };

/** Runs `send` now and reports its result, or hands it to `context.sendLater` and reports nothing. */
export async function dispatchMail(context: MailContext, send: () => Promise<boolean>): Promise<boolean | undefined> {
  if (!context.sendLater) return send();
  context.sendLater(async () => {
    await send();
  });
  return undefined;
}

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
 * Sends one email through SMTP_URL, or keeps it for the dev outbox page when no SMTP server is configured.
 * Never throws: a failed send is logged and reported, and the caller decides what the person sees.
 */
export async function deliverMail(mail: Mail): Promise<Delivery> {
  try {
    if (devOutboxEnabled) {
      await db.devMail.create({ data: mail });
    } else {
      await smtpTransport().sendMail({ from: env.MAIL_FROM, ...mail });
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

export function listDevMail(limit = 50) {
  return db.devMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}

/** The links in a mail's plain-text part, for the dev outbox to show as links. */
export function linksInMail(text: string): string[] {
  return Array.from(new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? []));
}

export function findDevMail(id: string) {
  return db.devMail.findUnique({ where: { id } });
}
