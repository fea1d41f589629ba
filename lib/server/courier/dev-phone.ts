import "server-only";
import { db } from "@/lib/server/db/client";

// The dev phone (/dev/sms): with no SMS_URL, texts are kept in the DevSms table for a developer to read, as the dev
// mailbox keeps mail (./dev-mailbox.ts). Not the outbox, where every text waits before delivery (./outbox.ts).

export function listDevSms(limit = 50) {
  return db.devSms.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}

/** The one-time code in a text, to show apart from it: its first run of 4 to 8 digits (code texts start with it). */
export function codeInSms(text: string): string | null {
  return /(?<!\d)\d{4,8}(?!\d)/.exec(text)?.[0] ?? null;
}
