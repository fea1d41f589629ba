import { createHash } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from "@playwright/test";
import { formOn, postAction, prepareSignUp, setCookieNames, withoutScripts } from "./action-post";
import { ACTIVATION_SUBJECT, PASSWORD, uniqueEmail } from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";
import { epochMs } from "../support/database";

// Race-free sign-up and activation, through the real HTTP server. Every simulated person is
// its own APIRequestContext (its own cookie jar) behind its own IPv6 /64 in X-Forwarded-For (the e2e server
// trusts one proxy hop), so the per-address-group limit never refuses them; they replay the portal's own forms
// as a browser without JavaScript posts them. Each test first gets every person to the brink (step 1 done,
// captcha loaded) and then fires the contended posts all at once, so they really meet on the server. The
// database is read read-only; mails come from the test inbox.
//
// `test` is Playwright's own, not ./fixtures': these tests need no browser, and each person sets its own address.
//
// Ten people, not fifty: enough to race past the per-address limit (three) and to meet on the server at once; the
// counting of larger races is the integration tests' (tests/integration/concurrency.test.ts, and for 200 at once of
// one address and of different ones, five rounds, with PostgreSQL's aborts forced, tests/integration/contention.test.ts).
// These are the HTTP smoke tests of the same.

const SIGN_UPS = 10;
const TOO_MANY = "Too many attempts";
const FAILURE_PAGE = "Something went wrong";
const READY = "Your Mi Account is ready";
const ALREADY_ACTIVE = "This account is already active";

// A /48 of the documentation prefix per worker and run, one /64 in it per person.
const runPrefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}`;
let people = 0;
function newAddress(): string {
  people += 1;
  return `${runPrefix}:${people.toString(16)}::1`;
}

type Person = { request: APIRequestContext; address: string };

async function newPeople(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, n: number): Promise<Person[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const address = newAddress();
      return { address, request: await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": address } }) };
    }),
  );
}

async function disposeAll(persons: Person[]): Promise<void> {
  await Promise.all(persons.map((person) => person.request.dispose()));
}

/** Counts of each value, e.g. HTTP statuses: `{ "200": 47, "303": 3 }`. */
function tally(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

const query = queryPortalDb;

type AccountRow = { id: string; miId: string; email: string; status: string; activatedAt: unknown };

async function accountsFor(emails: string[]): Promise<AccountRow[]> {
  if (emails.length === 0) return [];
  return query<AccountRow>(
    `SELECT "id", "miId", "email", "status", "activatedAt" FROM "Account" WHERE "email" IN (${emails.map(() => "?").join(", ")})`,
    ...emails,
  );
}

/** SHA-256 hashes of the account's activation tokens that are neither used nor expired. */
async function liveTokenHashes(accountId: string): Promise<string[]> {
  const now = Date.now();
  return (
    await query<{ tokenHash: string; usedAt: unknown; expiresAt: unknown }>(
      'SELECT "tokenHash", "usedAt", "expiresAt" FROM "ActivationToken" WHERE "accountId" = ?',
      accountId,
    )
  )
    .filter((row) => row.usedAt === null && (epochMs(row.expiresAt) ?? 0) > now)
    .map((row) => row.tokenHash);
}

async function auditOutcomes(event: string, accountId: string): Promise<Record<string, number>> {
  const rows = await query<{ outcome: string }>('SELECT "outcome" FROM "AuditEvent" WHERE "event" = ? AND "accountId" = ?', event, accountId);
  return tally(rows.map((row) => row.outcome));
}

function tokenHashOfLink(link: string): string {
  const token = new URL(link).searchParams.get("token") ?? "";
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What a person saw; `error` when the request itself failed (connection reset, timeout…). */
type Answer = { status: number; location?: string; body: string; error?: string };

async function answerOf(send: () => Promise<APIResponse>): Promise<Answer> {
  try {
    const response = await send();
    return { status: response.status(), location: response.headers().location, body: withoutScripts(await response.text()) };
  } catch (error) {
    return { status: 0, body: "", error: String(error) };
  }
}

type SignUpOutcome = "check-email" | "too-many" | "5xx" | "error" | "other";

function classifySignUp(answer: Answer): SignUpOutcome {
  if (answer.error) return "error";
  if (answer.status >= 500) return "5xx";
  if (answer.status === 303 && /\/register\/check-email$/.test(answer.location ?? "")) return "check-email";
  if (answer.status === 200 && answer.body.includes(TOO_MANY) && !answer.body.includes(FAILURE_PAGE)) return "too-many";
  return "other";
}

function describe(answer: Answer): string {
  if (answer.error) return answer.error;
  const text = answer.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 300);
  return `${answer.status} ${answer.location ?? ""} ${text}`;
}

function submitStep2(person: Person, baseURL: string, fields: Record<string, string>): Promise<Answer> {
  return answerOf(() => postAction(person.request, baseURL, "/register/password", fields));
}

test.describe.configure({ timeout: 90_000 });

test(`${SIGN_UPS} concurrent sign-ups of one address: exactly one account, one live link, no 5xx @db`, async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const persons = await newPeople(playwright, baseURL!, SIGN_UPS);
  try {
    const forms = await Promise.all(persons.map((person) => prepareSignUp(person.request, person.address, baseURL!, email)));
    const started = Date.now();
    const answers = await Promise.all(persons.map((person, i) => submitStep2(person, baseURL!, forms[i]!)));
    const elapsed = Date.now() - started;

    const statuses = tally(answers.map((answer) => answer.status));
    const outcomes = tally(answers.map(classifySignUp));
    const accounts = await accountsFor([email]);
    const account = accounts[0];
    const live = account ? await liveTokenHashes(account.id) : [];
    const passed = outcomes["check-email"] ?? 0;
    // Each sign-up that got past the limits queues a mail with its link (the first creates the account, later
    // ones replace its pending link); they are sent after the response, so wait for all of them to be done.
    // A later sign-up cancels the unsent mail of the link it replaced (skipped, its body and so its link cleared).
    const queuedMails = () =>
      query<{ status: string; text: string }>('SELECT "status", "text" FROM "OutboxMessage" WHERE "to" = ? AND "kind" = ?', email, "activation");
    await expect.poll(async () => (await queuedMails()).filter((mail) => mail.status === "pending").length, { timeout: 30_000 }).toBe(0);
    const queued = await queuedMails();
    const sent = queued.filter((mail) => mail.status === "sent").length;
    const skipped = queued.filter((mail) => mail.status === "skipped");
    await expect.poll(() => mailsTo(email, ACTIVATION_SUBJECT).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(sent);
    const mails = mailsTo(email, ACTIVATION_SUBJECT);
    const mailsWithLiveLink = mails.filter((mail) => live.includes(tokenHashOfLink(activationLinkFrom(mail)))).length;
    console.log(
      `same address: ${SIGN_UPS} requests in ${elapsed} ms, statuses ${JSON.stringify(statuses)}, outcomes ${JSON.stringify(outcomes)}, ` +
        `accounts ${accounts.length}, live links ${live.length}, activation mails ${mails.length} (${mailsWithLiveLink} with the live link, ${skipped.length} skipped), ` +
        `sign-up audit ${account ? JSON.stringify(await auditOutcomes("sign-up", account.id)) : "-"}`,
    );

    const odd = answers.filter((answer) => !["check-email", "too-many"].includes(classifySignUp(answer)));
    expect(odd.map(describe), "answers other than check-email or too-many").toEqual([]);
    expect(answers.filter((answer) => answer.status >= 500).length, "5xx responses").toBe(0);
    expect(accounts.length, "accounts for the address").toBe(1);
    expect(account!.status).toBe("pending");
    // 3 sign-ups per email address per hour: exactly that many get through, however many race.
    expect(passed, "sign-ups let through by the per-address limit").toBe(3);
    expect(outcomes["too-many"], "sign-ups refused by the per-address limit").toBe(SIGN_UPS - 3);
    expect(live.length, "live activation links of the account").toBe(1);
    expect(queued.length, "activation mails queued").toBe(passed);
    expect(sent + skipped.length, "activation mails sent or skipped").toBe(passed);
    expect(skipped.filter((mail) => mail.text !== ""), "skipped mails that kept their link").toEqual([]);
    expect(mails.length, "activation mails").toBe(sent);
    expect(mailsWithLiveLink, "mails holding the one live link").toBe(1);
  } finally {
    await disposeAll(persons);
  }
});

test(`${SIGN_UPS} concurrent sign-ups of ${SIGN_UPS} different addresses: as many accounts and emails, no errors @db`, async ({ playwright, baseURL }, testInfo) => {
  const emails = Array.from({ length: SIGN_UPS }, (_, i) => uniqueEmail(testInfo, `p${i}`));
  const persons = await newPeople(playwright, baseURL!, SIGN_UPS);
  try {
    const forms = await Promise.all(persons.map((person, i) => prepareSignUp(person.request, person.address, baseURL!, emails[i]!)));
    const started = Date.now();
    const answers = await Promise.all(persons.map((person, i) => submitStep2(person, baseURL!, forms[i]!)));
    const elapsed = Date.now() - started;

    const statuses = tally(answers.map((answer) => answer.status));
    const outcomes = tally(answers.map(classifySignUp));
    const accounts = await accountsFor(emails);
    const mailWaitStarted = Date.now();
    const delivered = await Promise.all(
      emails.map((email) => waitForMail(email, ACTIVATION_SUBJECT, { timeoutMs: 30_000 }).then(() => true, () => false)),
    );
    const mailWait = Date.now() - mailWaitStarted;
    const mailCounts = emails.map((email) => mailsTo(email, ACTIVATION_SUBJECT).length);
    const received = mailCounts.filter((n) => n > 0).length;
    const duplicates = mailCounts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    console.log(
      `different addresses: ${SIGN_UPS} requests in ${elapsed} ms, statuses ${JSON.stringify(statuses)}, outcomes ${JSON.stringify(outcomes)}, ` +
        `accounts ${accounts.length}, distinct Mi IDs ${new Set(accounts.map((a) => a.miId)).size}, ` +
        `emails ${received} (all within ${mailWait} ms more), duplicates ${duplicates}, lost ${SIGN_UPS - received}`,
    );

    const odd = answers.filter((answer) => classifySignUp(answer) !== "check-email");
    expect(odd.map(describe), "answers other than check-email").toEqual([]);
    expect(accounts.length, "accounts").toBe(SIGN_UPS);
    expect(new Set(accounts.map((a) => a.email)).size).toBe(SIGN_UPS);
    expect(new Set(accounts.map((a) => a.miId)).size, "distinct Mi Account IDs").toBe(SIGN_UPS);
    expect(accounts.every((a) => a.status === "pending")).toBe(true);
    expect(delivered.filter(Boolean).length, "addresses that got their activation mail").toBe(SIGN_UPS);
    expect(duplicates, "duplicate activation mails").toBe(0);
  } finally {
    await disposeAll(persons);
  }
});

test("two concurrent presses of one activation link verify once, and both see a sensible page @db", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const [registrant, ...presses] = await newPeople(playwright, baseURL!, 3);
  try {
    // One person signs up…
    const fields = await prepareSignUp(registrant!.request, registrant!.address, baseURL!, email);
    expect(classifySignUp(await submitStep2(registrant!, baseURL!, fields))).toBe("check-email");
    const link = activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT));

    // …and opens the link in two places (two tabs, or a mail app's browser and their own), so each holds the
    // token in its own cookie and sees the Activate button.
    const activateForms = await Promise.all(
      presses.map(async (person) => {
        const opened = await person.request.get(link, { maxRedirects: 0 });
        expect(opened.status()).toBe(303);
        expect(opened.headers().location).toBe("/activate/confirm");
        expect(setCookieNames(opened)).toContain("mi_activation");
        return formOn(person.request, "/activate/confirm", "Activate account");
      }),
    );

    const answers = await Promise.all(
      presses.map((person, i) => answerOf(() => postAction(person.request, baseURL!, "/activate/confirm", { ...activateForms[i]!, password: PASSWORD }))),
    );
    const [account] = await accountsFor([email]);
    const kinds = answers.map((answer) => {
      if (answer.error || answer.status !== 200 || answer.body.includes(FAILURE_PAGE)) return "error";
      if (answer.body.includes(READY)) return "ready";
      if (answer.body.includes(ALREADY_ACTIVE)) return "already-active";
      return "other";
    });
    const shownMiIds = answers.map((answer) => /data-testid="mi-account-id"[^>]*>(\d+)</.exec(answer.body)?.[1]).filter(Boolean);
    const audit = account ? await auditOutcomes("activation", account.id) : {};
    console.log(
      `activation race: 2 presses, statuses ${JSON.stringify(tally(answers.map((a) => a.status)))}, pages ${JSON.stringify(tally(kinds))}, ` +
        `account ${account?.status ?? "missing"}, activation audit ${JSON.stringify(audit)}`,
    );

    expect(answers.filter((answer) => answer.error || answer.status >= 500).map(describe), "failed presses").toEqual([]);
    expect([...kinds].sort(), "one press activates, the other is told the account is already active").toEqual(["already-active", "ready"]);
    expect(shownMiIds, "the Mi Account ID is shown once, and it is the account's").toEqual([account!.miId]);
    expect(account!.status).toBe("active");
    expect(epochMs(account!.activatedAt)).not.toBeNull();
    expect(audit, "one activation, one already-active press in the audit trail").toEqual({ ok: 1, "already-active": 1 });
    expect(await liveTokenHashes(account!.id), "no live link left").toEqual([]);
  } finally {
    await disposeAll([registrant!, ...presses]);
  }
});
