import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { codeFromSms, startSmsc, type TestSmsc } from "../support/smsc";

// The one way e2e tests read texts, as tests/e2e/mail.ts reads mail. Three places a code may be:
// - the shared test SMSC of the e2e server (SMS_URL in playwright.config.ts): tests/support/smsc.ts runs in the
//   Playwright runner (global-setup.ts) and writes every accepted text as a numbered JSON file, read here
//   (smsTo, waitForSms, waitForCode, latestSms);
// - an SMSC of a test's own (ownSmsc), for a portal process the test starts, with its throttle/refuse/stop switches;
// - the dev phone (/dev/sms) of a portal started without SMS_URL (codeFromDevPhone).

export type Sms = {
  /** Position in arrival order (1 for the first text of that SMSC), to ask for "a text after this one". */
  index: number;
  /** E.164. */
  to: string;
  text: string;
  /** 0: GSM 03.38, 8: UCS-2. */
  dataCoding: number;
};

type SmsSource = () => Sms[];

const POLL_MS = 100;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Numbers the shared SMSC refuses for good (ESME_RINVDSTADR), as a network refuses a number that does not exist:
 * the UK drama range's last hundred, +44 7700 900900 to +44 7700 900999 (valid mobile numbers to libphonenumber).
 */
export function isRefusedNumber(to: string): boolean {
  return /^\+4477009009\d\d$/.test(to);
}

/** A number the shared SMSC refuses, the `n`th (0–99) of them. */
export function refusedNumber(n = 0): string {
  return `+447700900${900 + (n % 100)}`;
}

function smsDir(): string {
  const dir = process.env.E2E_DIR;
  if (!dir) throw new Error("E2E_DIR is not set: run through `npx playwright test`");
  return join(dir, "sms");
}

// Written once and never changed (as mail.ts's files): each is read once.
const readTexts = new Map<string, Sms>();

function readSms(file: string): Sms | null {
  const known = readTexts.get(file);
  if (known) return known;
  try {
    const data = JSON.parse(readFileSync(join(smsDir(), file), "utf8")) as Omit<Sms, "index">;
    const sms = { ...data, index: Number.parseInt(file, 10) };
    readTexts.set(file, sms);
    return sms;
  } catch {
    return null; // being written right now: the next poll reads it
  }
}

const sharedSmsc: SmsSource = () =>
  readdirSync(smsDir())
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map(readSms)
    .filter((sms): sms is Sms => sms !== null);

function textsIn(source: SmsSource, to: string): Sms[] {
  return source().filter((sms) => sms.to === to);
}

export type WaitOptions = { after?: Sms | number; timeoutMs?: number };

async function waitIn(source: SmsSource, to: string, { after, timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<Sms> {
  const afterIndex = typeof after === "number" ? after : (after?.index ?? 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = textsIn(source, to).find((sms) => sms.index > afterIndex);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = textsIn(source, to).map((sms) => `#${sms.index}`).join(", ") || "none";
      throw new Error(`No SMS to ${to} after #${afterIndex} within ${timeoutMs} ms (to that number: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every text the shared SMSC accepted for `to` (E.164), oldest first. */
export function smsTo(to: string): Sms[] {
  return textsIn(sharedSmsc, to);
}

/** The newest text the shared SMSC accepted for `to`, if any (no waiting). */
export function latestSms(to: string): Sms | undefined {
  return smsTo(to).at(-1);
}

/** The oldest text for `to` in the shared SMSC that arrived after `after` (a text or its index), waiting for it. */
export function waitForSms(to: string, options?: WaitOptions): Promise<Sms> {
  return waitIn(sharedSmsc, to, options);
}

/** The 6-digit code of the next text for `to` after `after`, waiting for it; with the text, to wait past it later. */
export async function waitForCode(to: string, options?: WaitOptions): Promise<{ code: string; sms: Sms }> {
  const sms = await waitForSms(to, options);
  return { code: codeFromSms(sms.text), sms };
}

/** An SMSC of the test's own (for a portal process of its own: SMS_URL = its url), read like the shared one. */
export type OwnSmsc = Pick<TestSmsc, "url" | "throttle" | "refuseNumber" | "dropConnections" | "stop" | "start" | "submissions" | "close"> & {
  smsTo(to: string): Sms[];
  waitForSms(to: string, options?: WaitOptions): Promise<Sms>;
};

export async function ownSmsc(): Promise<OwnSmsc> {
  const smsc = await startSmsc();
  const source: SmsSource = () => smsc.messages().map(({ to, text, dataCoding }, i) => ({ index: i + 1, to, text, dataCoding }));
  return {
    url: smsc.url,
    throttle: (count) => smsc.throttle(count),
    refuseNumber: (to) => smsc.refuseNumber(to),
    dropConnections: () => smsc.dropConnections(),
    stop: () => smsc.stop(),
    start: () => smsc.start(),
    submissions: () => smsc.submissions(),
    close: () => smsc.close(),
    smsTo: (to) => textsIn(source, to),
    waitForSms: (to, options) => waitIn(source, to, options),
  };
}

/**
 * The newest code the dev phone (/dev/sms) of a portal without SMS_URL shows for `to`, waiting for it to appear:
 * the page lists texts newest first, each row with its number and its code apart.
 */
export async function codeFromDevPhone(portalUrl: string, to: string, { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const html = await (await fetch(`${portalUrl}/dev/sms`)).text();
    for (const row of html.split("<tr").slice(1)) {
      const code = /data-testid="dev-phone-code">(\d+)</.exec(row)?.[1];
      if (code && row.includes(`>${to}<`)) return code;
    }
    if (Date.now() > deadline) throw new Error(`No code for ${to} on ${portalUrl}/dev/sms within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export { codeFromSms };
