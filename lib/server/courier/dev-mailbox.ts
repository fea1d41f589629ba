import "server-only";
import { db } from "@/lib/server/db/client";

// The dev mailbox (/dev/mail): with no SMTP_URL, delivered mail is kept in the DevMail table for a developer
// to read. Not the outbox, which is the queue every email waits in before delivery (./outbox.ts).

export function listDevMail(limit = 50) {
  return db.devMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}

export function findDevMail(id: string) {
  return db.devMail.findUnique({ where: { id } });
}

/** The links in a mail's plain-text part, for the dev mailbox to show as links. */
export function linksInMail(text: string): string[] {
  return Array.from(new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? []));
}
