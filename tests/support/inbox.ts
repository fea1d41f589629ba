import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// An in-process SMTP server on a random loopback port: every message the app sends through SMTP_URL lands
// here, parsed, so tests read real MIME mail rather than a mocked transport.

export type ReceivedMail = {
  /** Envelope recipients (RCPT TO), which is where the mail really goes, whatever the headers say. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
};

export type WaitOptions = { subject?: string; timeoutMs?: number };

export type TestInbox = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received since the last clear(), oldest first. */
  messages(): ReceivedMail[];
  /**
   * The oldest mail to `to` (and with `subject`, when given) not already returned by an earlier call,
   * whether it has arrived already or arrives within timeoutMs. Rejects on timeout.
   */
  waitForMail(to: string, options?: WaitOptions): Promise<ReceivedMail>;
  clear(): void;
  /** Answer MAIL FROM with this code until accept(): 550 refuses the message, 421 also drops the connection. */
  refuse(code?: 421 | 450 | 550): void;
  accept(): void;
  /**
   * Mail to recipients matching `to` is read to its end and then left unanswered (no 250) until release(): the
   * sender is stuck mid-delivery, holding its claim on the message. A held message is never in messages().
   */
  hold(to: (address: string) => boolean): void;
  /** How many messages are being held now. */
  held(): number;
  /** Stops holding; messages held so far stay undelivered (their senders are expected to have died). */
  release(): void;
  close(): Promise<void>;
};

type Waiter = { matches: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void };

type InboxOptions = {
  /** Listens here when given (the e2e app is told it in advance), else on a free port. */
  port?: number;
  /** Recipients answered "550 no such mailbox", as a real server answers a bad address. */
  rejectRecipient?: (address: string) => boolean;
};

export async function startInbox({ port: listenPort = 0, rejectRecipient = () => false }: InboxOptions = {}): Promise<TestInbox> {
  let received: ReceivedMail[] = [];
  let claimed = new Set<ReceivedMail>();
  let waiters: Waiter[] = [];
  let refusal: number | null = null;
  let holding: ((address: string) => boolean) | null = null;
  let heldCount = 0;

  const matcher = (to: string, subject?: string) => (mail: ReceivedMail) =>
    mail.to.includes(to) && (subject === undefined || mail.subject === subject);

  const deliver = (mail: ReceivedMail) => {
    received.push(mail);
    const waiter = waiters.find((w) => w.matches(mail));
    if (!waiter) return;
    waiters = waiters.filter((w) => w !== waiter);
    claimed.add(mail);
    waiter.resolve(mail);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusal === null) return callback();
      const error = Object.assign(new Error("Test inbox refuses mail"), { responseCode: refusal });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (!rejectRecipient(address.address)) return callback();
      callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      if (holding && session.envelope.rcptTo.some((rcpt) => holding!(rcpt.address))) {
        stream.resume();
        stream.on("end", () => (heldCount += 1));
        return; // no callback: the sender waits for an answer that never comes
      }
      simpleParser(stream).then(
        (parsed) => {
          deliver({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            parsed,
          });
          // Only now is the message accepted, so the sender's sendMail() resolves after it is in messages().
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    waitForMail(to, { subject, timeoutMs = 5_000 } = {}) {
      const matches = matcher(to, subject);
      const ready = received.find((mail) => !claimed.has(mail) && matches(mail));
      if (ready) {
        claimed.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          matches,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = received.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ") || "none";
          reject(new Error(`No mail to ${to}${subject ? ` with subject "${subject}"` : ""} (received: ${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear() {
      received = [];
      claimed = new Set();
    },
    refuse(code = 550) {
      refusal = code;
    },
    accept() {
      refusal = null;
    },
    hold(to) {
      holding = to;
    },
    held: () => heldCount,
    release() {
      holding = null;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The URL on a line of its own in a mail's plain-text part that links to `page` with a token (…/activate?token=…). */
function tokenUrlFromMail(mail: Pick<ReceivedMail, "text">, page: "activate" | "reset", name: string): string {
  const shape = new RegExp(`^https?://\\S+/${page}\\?token=\\S+$`);
  const url = mail.text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => shape.test(line));
  if (!url) throw new Error(`No ${name} URL in the text part:\n${mail.text}`);
  return url;
}

function tokenOf(url: string, name: string): string {
  const token = new URL(url).searchParams.get("token");
  if (!token) throw new Error(`The ${name} URL has no token`);
  return token;
}

/** The activation URL from a mail's plain-text part: the line that is only an /activate?token=… URL. */
export function activationUrlFromMail(mail: Pick<ReceivedMail, "text">): string {
  return tokenUrlFromMail(mail, "activate", "activation");
}

/** The raw token of the activation URL in a mail's text part. */
export function activationTokenFromMail(mail: Pick<ReceivedMail, "text">): string {
  return tokenOf(activationUrlFromMail(mail), "activation");
}

/** The password reset URL from a mail's plain-text part: the line that is only a /reset?token=… URL. */
export function resetUrlFromMail(mail: Pick<ReceivedMail, "text">): string {
  return tokenUrlFromMail(mail, "reset", "password reset");
}

/** The raw token of the password reset URL in a mail's text part. */
export function resetTokenFromMail(mail: Pick<ReceivedMail, "text">): string {
  return tokenOf(resetUrlFromMail(mail), "password reset");
}

/** The mail received so far to `to` (and with `subject`, when given), oldest first, whether or not returned by waitForMail. */
export function mailsTo(inbox: Pick<TestInbox, "messages">, to: string, subject?: string): ReceivedMail[] {
  return inbox.messages().filter((mail) => mail.to.includes(to) && (subject === undefined || mail.subject === subject));
}

/** The href of the <a> whose text is exactly `label`, with HTML entities in the attribute decoded. */
export function linkHref(html: string, label: string): string | null {
  for (const match of html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
    if (match[2]?.trim() === label) return decodeEntities(match[1] ?? "");
  }
  return null;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
