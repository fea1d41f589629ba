import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { activationUrlFromMail, linkHref, startInbox, type TestInbox } from "../support/inbox";

// The one way e2e tests read mail. Two kinds of inbox, one reader:
// - the shared inbox of the e2e server: tests/support/inbox.ts runs in the Playwright runner (global-setup.ts)
//   and writes every received mail as a numbered JSON file, which the workers read here (mailsTo, waitForMail);
// - an inbox of a test's own (ownInbox), for a portal process the test starts, stops or kills: the same SMTP
//   server in the worker, with its refuse/hold switches, read through the same mailsTo/waitForMail.
// Links are read from a mail by tests/support/inbox.ts's parsers, as the integration tests read them.

export type Mail = {
  /** Position in arrival order (1 for the first mail of that inbox), to ask for "a mail after this one". */
  index: number;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string;
};

/** Reads one inbox: every mail received so far, oldest first. */
type MailSource = () => Mail[];

const POLL_MS = 100;
const DEFAULT_TIMEOUT_MS = 15_000;

function mailDir(): string {
  const dir = process.env.E2E_DIR;
  if (!dir) throw new Error("E2E_DIR is not set: run through `npx playwright test`");
  return join(dir, "mail");
}

// Each file is written once and never changed, so one read is enough: a poll reads only the files new since the last,
// instead of every mail of the run ten times a second while a test waits.
const readMails = new Map<string, Mail>();

function readMail(file: string): Mail | null {
  const known = readMails.get(file);
  if (known) return known;
  try {
    const data = JSON.parse(readFileSync(join(mailDir(), file), "utf8")) as Omit<Mail, "index">;
    const mail = { ...data, index: Number.parseInt(file, 10) };
    readMails.set(file, mail);
    return mail;
  } catch {
    return null; // being written right now: the next poll reads it
  }
}

/** The shared e2e server's inbox: the files global-setup.ts writes, numbered in order of arrival. */
const sharedInbox: MailSource = () =>
  readdirSync(mailDir())
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map(readMail)
    .filter((mail): mail is Mail => mail !== null);

function mailsIn(source: MailSource, to: string, subject?: string): Mail[] {
  return source().filter((mail) => mail.to.includes(to) && (subject === undefined || mail.subject === subject));
}

async function waitIn(source: MailSource, to: string, subject: string, { after, timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<Mail> {
  const afterIndex = typeof after === "number" ? after : (after?.index ?? 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsIn(source, to, subject).find((mail) => mail.index > afterIndex);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = mailsIn(source, to).map((mail) => `#${mail.index} "${mail.subject}"`).join(", ") || "none";
      throw new Error(`No mail "${subject}" to ${to} after #${afterIndex} within ${timeoutMs} ms (to that address: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export type WaitOptions = { after?: Mail | number; timeoutMs?: number };

/** Every mail the shared inbox received so far whose envelope recipients include `to`, oldest first. */
export function mailsTo(to: string, subject?: string): Mail[] {
  return mailsIn(sharedInbox, to, subject);
}

/**
 * The oldest mail to `to` with `subject` in the shared inbox that arrived after `after` (a mail or its index),
 * waiting for it to arrive. Rejects after the timeout, listing what did arrive for that address.
 */
export function waitForMail(to: string, subject: string, options?: WaitOptions): Promise<Mail> {
  return waitIn(sharedInbox, to, subject, options);
}

/** An SMTP inbox of the test's own (for a portal process of its own), read like the shared one. */
export type OwnInbox = Pick<TestInbox, "url" | "refuse" | "accept" | "hold" | "held" | "release" | "close"> & {
  mailsTo(to: string, subject?: string): Mail[];
  waitForMail(to: string, subject: string, options?: WaitOptions): Promise<Mail>;
};

export async function ownInbox(): Promise<OwnInbox> {
  const inbox = await startInbox();
  const source: MailSource = () =>
    inbox.messages().map(({ to, subject, text, html }, i) => ({ index: i + 1, to, subject, text, html }));
  return {
    url: inbox.url,
    refuse: (code) => inbox.refuse(code),
    accept: () => inbox.accept(),
    hold: (to) => inbox.hold(to),
    held: () => inbox.held(),
    release: () => inbox.release(),
    close: () => inbox.close(),
    mailsTo: (to, subject) => mailsIn(source, to, subject),
    waitForMail: (to, subject, options) => waitIn(source, to, subject, options),
  };
}

/** The /activate?token=… URL from the mail's plain-text part (a line of its own). */
export function activationLinkFrom(mail: Pick<Mail, "text">): string {
  return activationUrlFromMail(mail);
}

/** The href of the <a> in the HTML part whose text is exactly `label`, entities decoded. */
export function htmlLinkHref(html: string, label: string): string | null {
  return linkHref(html, label);
}
