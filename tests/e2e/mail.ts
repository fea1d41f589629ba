import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The test inbox runs in the Playwright runner (global-setup.ts) and writes every received mail as a numbered
// JSON file; the workers read those files. Files are numbered in order of arrival, so `index` orders mails.

export type Mail = {
  /** Position in arrival order (the file number), to ask for "a mail after this one". */
  index: number;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string;
};

const POLL_MS = 100;
const DEFAULT_TIMEOUT_MS = 15_000;

function mailDir(): string {
  const dir = process.env.E2E_DIR;
  if (!dir) throw new Error("E2E_DIR is not set: run through `npx playwright test`");
  return join(dir, "mail");
}

function readMail(file: string): Mail | null {
  try {
    const data = JSON.parse(readFileSync(join(mailDir(), file), "utf8")) as Omit<Mail, "index">;
    return { ...data, index: Number.parseInt(file, 10) };
  } catch {
    return null; // being written right now: the next poll reads it
  }
}

/** Every mail received so far whose envelope recipients include `to`, oldest first. */
export function mailsTo(to: string, subject?: string): Mail[] {
  const files = readdirSync(mailDir())
    .filter((file) => file.endsWith(".json"))
    .sort();
  const mails: Mail[] = [];
  for (const file of files) {
    const mail = readMail(file);
    if (mail && mail.to.includes(to) && (subject === undefined || mail.subject === subject)) mails.push(mail);
  }
  return mails;
}

/**
 * The oldest mail to `to` with `subject` that arrived after `after` (a mail or its index), waiting for it to
 * arrive. Rejects after the timeout, listing what did arrive for that address.
 */
export async function waitForMail(
  to: string,
  subject: string,
  { after, timeoutMs = DEFAULT_TIMEOUT_MS }: { after?: Mail | number; timeoutMs?: number } = {},
): Promise<Mail> {
  const afterIndex = typeof after === "number" ? after : (after?.index ?? 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsTo(to, subject).find((mail) => mail.index > afterIndex);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = mailsTo(to).map((mail) => `#${mail.index} "${mail.subject}"`).join(", ") || "none";
      throw new Error(`No mail "${subject}" to ${to} after #${afterIndex} within ${timeoutMs} ms (to that address: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The /activate?token=… URL from the mail's plain-text part (a line of its own). */
export function activationLinkFrom(mail: Pick<Mail, "text">): string {
  const match = /^\s*(https?:\/\/\S+\/activate\?token=\S+)\s*$/m.exec(mail.text);
  if (!match?.[1]) throw new Error(`No activation link in the text part:\n${mail.text}`);
  return match[1];
}

/** The href of the <a> in the HTML part whose text is exactly `label`, entities decoded. */
export function htmlLinkHref(html: string, label: string): string | null {
  for (const match of html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
    if (match[2]?.trim() === label) {
      return (match[1] ?? "")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
    }
  }
  return null;
}
