// `npm run soak`: the portal as production runs it, for a long while: two instances on one PostgreSQL database behind
// HAProxy (ops/haproxy.cfg), at a steady rate of people viewing pages, registering and activating through the dev
// mailbox (no SMTP_URL: the mails land in the DevMail table both instances share), signing in, asking for the
// activation email again and resetting their password. A third of the way in, one instance is stopped with SIGTERM
// and started again; two thirds in, the other is killed with SIGKILL and started again. At the end it prints the
// requests and errors, p50/p95 per kind, each instance's memory every minute, and the mails sent against those
// expected, and exits 1 if an error, a growth of memory past the limit or a mail too many or too few says so.
// SOAK_MINUTES (default 30; CI runs 2), SOAK_RATE (people starting something each second, default 4),
// BENCH_POSTGRES_URL a PostgreSQL server to use (else a throwaway cluster). Needs `npm run build` and HAProxy.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import en from "@/lib/shared/i18n/messages/en.json";
import { actionFields, decodeEntities, sameOriginHeaders } from "../tests/e2e/action-post";
import { sql } from "../tests/support/database";
import { cleanUp, createDatabase, freePort, haproxyPath, postgresServer, startHaproxy, startPortal, type Instance } from "./lib/bench-load-procs";
import { percentile, table } from "./lib/bench-load-stats";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 4);
/** What a person does when they start something, and how often (the weights add up to 1). */
const MIX = { page: 0.5, signIn: 0.25, registration: 0.15, reset: 0.1 } as const;
/** Of the people who register, the share who ask for the activation email again before using it. */
const RESEND_SHARE = 0.3;
/** Memory may grow this much from the end of the warm-up to the end of an instance's run. */
const RSS_GROWTH_LIMIT = 0.1;
const WARM_UP_MS = 60_000;
/** Memory growth is judged over this much of an instance's run after its warm-up, at least (not in a short smoke run). */
const GROWTH_SPAN_MS = 5 * 60_000;
const PAGES = ["/", "/register", "/login", "/forgot", "/help", "/privacy"];
const PASSWORD = "Soak-test-pass-1";
/** The captcha's answer, fixed for the portals (CAPTCHA_TEST_CODE): this script cannot read images. */
const CAPTCHA = "Ab3xY";
// The words a person reads, from the message catalogue (English).
const ACTIVATION_SUBJECT = en.emails.activation.subject;
const RESET_SUBJECT = en.emails.passwordReset.subject;
const CHANGED_SUBJECT = en.emails.passwordChanged.subject;
/** The check-email page's "Please wait N seconds" (checkEmail.wait), up to its number. */
const WAIT = new RegExp(`${en.checkEmail.wait.split("{")[0]}(\\d+)`);
/** "Forgot password" requests per account an hour (LIMITS.resetPerIdentifier): more are answered alike, and send nothing. */
const RESETS_PER_HOUR = 5;
/** Requests answered while an instance is stopping or starting may be refused (HAProxy retries only refused connections). */
const RESTART_GRACE_MS = 5_000;

type Kind = "page" | "register" | "activate" | "resend" | "sign-in" | "forgot" | "reset";
/** `html` as sent; `text` with its entities decoded, to look for words in. */
type Answer = { status: number; location: string; html: string; text: string };

const started = Date.now();
const latencies = new Map<Kind, number[]>();
let requests = 0;
const errors: { at: number; what: string }[] = [];
/** Requests refused or cut off while an instance was stopping or starting. */
let refused = 0;
/** [from, to] of each stop and start, to tell refusals during a restart from errors. */
const restarts: { from: number; to: number }[] = [];
const mailsExpected = new Map<string, number>();
/** Addresses whose mail count is not known: the request that would have queued one was cut off by a restart. */
const uncertain = new Set<string>();
/** Activated accounts: their password now, whether an errand is using one, and when each reset was asked for. */
const active: { email: string; password: string; busy: boolean; resets: number[] }[] = [];
let stopping = false;

const duringRestart = (at: number) => restarts.some(({ from, to }) => at >= from - RESTART_GRACE_MS && at <= to + RESTART_GRACE_MS);
const expectMail = (to: string, subject: string) => mailsExpected.set(`${to}\n${subject}`, (mailsExpected.get(`${to}\n${subject}`) ?? 0) + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hextet = () => Math.floor(Math.random() * 0x10000).toString(16);

class Failure extends Error {}

/** What a page says of a refusal (from its error summary on), else the start of its text. */
function shown(html: string): string {
  const text = html.replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  const summary = text.indexOf("There is a problem");
  return text.slice(Math.max(0, summary), Math.max(0, summary) + 200);
}

/** One person's browser without JavaScript: a cookie jar, an address of its own (X-Forwarded-For, TRUST_PROXY=2). */
class Person {
  private cookies = new Map<string, string>();
  readonly address = `2001:db8:${hextet()}:${hextet()}::1`;
  constructor(readonly base: string) {}

  async send(kind: Kind, path: string, form?: Record<string, string>): Promise<Answer> {
    // As a browser sends them: a form post from the portal's own page, the captcha as an image of it, a page as a navigation.
    const kind_ = form ? sameOriginHeaders(this.base) : path.startsWith("/captcha") ? { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image" } : { Accept: "text/html" };
    const headers: Record<string, string> = { ...kind_, "X-Forwarded-For": this.address, "User-Agent": "mi-soak" };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    // A server action's form goes as multipart, as React sends it; a plain form (sign-in's) form-encoded.
    let body: FormData | URLSearchParams | undefined;
    if (form) {
      body = Object.keys(form).some((name) => name.startsWith("$ACTION_")) ? new FormData() : new URLSearchParams();
      for (const [name, value] of Object.entries(form)) body.append(name, value);
    }
    const at = Date.now();
    requests++;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { method: form ? "POST" : "GET", headers, body, redirect: "manual" });
    } catch (error) {
      // fetch says only "fetch failed"; what the connection did is in its cause (a reset, the other side closing).
      const cause = (error as Error).cause;
      const why = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.name} ${cause.message}` : "";
      throw this.failed(at, `${kind} ${path}: ${(error as Error).message}${why}`);
    }
    const html = await response.text();
    const text = decodeEntities(html);
    const ms = Date.now() - at;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const at = pair.indexOf("=");
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if (response.status >= 500) throw this.failed(at, `${kind} ${path}: ${response.status} ${text.slice(0, 120)}`);
    (latencies.get(kind) ?? latencies.set(kind, []).get(kind)!).push(ms);
    return { status: response.status, location: response.headers.get("location") ?? "", html, text };
  }

  /** An answer that is not the one wanted: an error, unless an instance was restarting then. */
  failed(at: number, what: string): Failure {
    if (duringRestart(at)) refused++;
    else errors.push({ at, what });
    return new Failure(what);
  }

  async form(kind: Kind, path: string, button: string): Promise<Record<string, string>> {
    const page = await this.send(kind, path);
    if (page.status !== 200) throw this.failed(Date.now(), `${kind}: GET ${path} answered ${page.status}`);
    return actionFields(page.html, button);
  }

  expect(answer: Answer, kind: Kind, wanted: (answer: Answer) => boolean, what: string): void {
    if (!wanted(answer)) throw this.failed(Date.now(), `${kind}: ${what}, got ${answer.status} ${answer.location || shown(answer.text)}`);
  }
}

/** The mails the dev mailbox holds for `to` with `subject`, oldest first; waits up to 90 s for `count` of them. */
async function mailsTo(databaseUrl: string, to: string, subject: string, count: number): Promise<string[]> {
  for (let waited = 0; ; waited += 500) {
    const rows = await sql<{ text: string }>(databaseUrl, 'SELECT "text" FROM "DevMail" WHERE "to" = ? AND "subject" = ? ORDER BY "createdAt"', to, subject);
    if (rows.length >= count || waited >= 90_000 || stopping) return rows.map((row) => row.text);
    await sleep(500);
  }
}

const linkIn = (text: string, page: "activate" | "reset") => text.split(/\r?\n/).map((line) => line.trim()).find((line) => new RegExp(`^https?://\\S+/${page}\\?token=\\S+$`).test(line));

async function viewPage(base: string): Promise<void> {
  const person = new Person(base);
  const path = PAGES[Math.floor(Math.random() * PAGES.length)]!;
  person.expect(await person.send("page", path), "page", (a) => a.status === 200, `GET ${path}`);
}

async function register(base: string, databaseUrl: string, n: number): Promise<void> {
  const person = new Person(base);
  const email = `soak${n}-${started.toString(36)}@example.com`;
  const step1 = await person.send("register", "/register", { ...(await person.form("register", "/register", en.register.submitStep1)), country: "GB", email, privacy: "on" });
  person.expect(step1, "register", (a) => a.status === 303 && a.location.endsWith("/register/password"), "step 1");
  const fields = await person.form("register", "/register/password", en.register.submitStep2);
  person.expect(await person.send("register", "/captcha"), "register", (a) => a.status === 200, "the captcha image");
  try {
    const step2 = await person.send("register", "/register/password", { ...fields, password: PASSWORD, confirmPassword: PASSWORD, captcha: CAPTCHA });
    person.expect(step2, "register", (a) => a.status === 303 && a.location.endsWith("/register/check-email"), "step 2");
  } catch (error) {
    uncertain.add(email); // cut off: registered or not, the step's answer did not say
    throw error;
  }
  expectMail(email, ACTIVATION_SUBJECT);
  let sent = 1;
  if (Math.random() < RESEND_SHARE) {
    // From the check-email page, as the person who registered: it asks them to wait out a countdown first.
    await mailsTo(databaseUrl, email, ACTIVATION_SUBJECT, 1);
    try {
      for (let pressed = 0; ; pressed++) {
        const again = await person.send("resend", "/register/check-email", await person.form("resend", "/register/check-email", en.checkEmail.resend));
        const wait = WAIT.exec(again.text);
        if (wait && pressed === 0 && !stopping) {
          await sleep((Number(wait[1]) + 1) * 1000);
          continue;
        }
        person.expect(again, "resend", (a) => a.status === 200 && a.text.includes(en.checkEmail.resent), "the resend answer");
        break;
      }
    } catch (error) {
      uncertain.add(email);
      throw error;
    }
    expectMail(email, ACTIVATION_SUBJECT);
    sent++;
  }
  // Every mail is in before the link is used: one written after would be dropped as pointless, and not counted.
  const texts = await mailsTo(databaseUrl, email, ACTIVATION_SUBJECT, sent);
  const link = linkIn(texts.at(-1) ?? "", "activate");
  if (!link) throw person.failed(Date.now(), `activate: no activation mail for ${email} after 90 s`);
  const url = new URL(link);
  person.expect(await person.send("activate", url.pathname + url.search), "activate", (a) => a.status === 303 && a.location.endsWith("/activate/confirm"), "the link");
  const activated = await person.send("activate", "/activate/confirm", { ...(await person.form("activate", "/activate/confirm", en.activate.button)), password: PASSWORD });
  person.expect(activated, "activate", (a) => a.status === 200 && a.text.includes(en.activate.doneTitle), "the Activate press");
  active.push({ email, password: PASSWORD, busy: false, resets: [] });
}

/** An active account no one else is using now, marked busy until `errand` ends. */
async function withAccount(errand: (account: (typeof active)[number]) => Promise<void>): Promise<void> {
  const free = active.filter((account) => !account.busy);
  if (free.length === 0) return;
  const account = free[Math.floor(Math.random() * free.length)]!;
  account.busy = true;
  try {
    await errand(account);
  } finally {
    account.busy = false;
  }
}

async function signIn(base: string): Promise<void> {
  await withAccount(async ({ email, password }) => {
    const person = new Person(base);
    person.expect(await person.send("sign-in", "/login"), "sign-in", (a) => a.status === 200, "GET /login");
    const answer = await person.send("sign-in", "/login", { identifier: email, password });
    person.expect(answer, "sign-in", (a) => a.status === 303 && a.location.endsWith("/account"), `signing in as ${email}`);
  });
}

async function resetPassword(base: string, databaseUrl: string): Promise<void> {
  await withAccount(async (account) => {
    // A person asks a few times an hour at most; past the limit the answer is the same and nothing is sent.
    const hourAgo = Date.now() - 3_600_000;
    if (account.resets.filter((at) => at > hourAgo).length >= RESETS_PER_HOUR) return;
    account.resets.push(Date.now());
    const person = new Person(base);
    const before = (await mailsTo(databaseUrl, account.email, RESET_SUBJECT, 0)).length;
    try {
      const asked = await person.send("forgot", "/forgot", { ...(await person.form("forgot", "/forgot", en.passwordReset.requestSubmit)), identifier: account.email });
      person.expect(asked, "forgot", (a) => a.status === 200 && a.text.includes(en.passwordReset.requestDone.slice(0, 30)), "the forgot answer");
    } catch (error) {
      uncertain.add(account.email);
      throw error;
    }
    expectMail(account.email, RESET_SUBJECT);
    const texts = await mailsTo(databaseUrl, account.email, RESET_SUBJECT, before + 1);
    const link = texts.length > before ? linkIn(texts.at(-1)!, "reset") : undefined;
    if (!link) throw person.failed(Date.now(), `reset: no reset mail for ${account.email} after 90 s`);
    const url = new URL(link);
    person.expect(await person.send("reset", url.pathname + url.search), "reset", (a) => a.status === 303 && a.location.endsWith("/reset/confirm"), "the link");
    const password = `Soak-${Math.random().toString(36).slice(2, 10)}-9`;
    try {
      const saved = await person.send("reset", "/reset/confirm", { ...(await person.form("reset", "/reset/confirm", en.passwordReset.submit)), password, confirmPassword: password });
      person.expect(saved, "reset", (a) => a.status === 200 && a.text.includes(en.passwordReset.doneTitle), "the new password");
    } catch (error) {
      // Changed or not, the answer did not say: the account leaves the errands' pool, its password unknown.
      uncertain.add(account.email);
      active.splice(active.indexOf(account), 1);
      throw error;
    }
    account.password = password;
    expectMail(account.email, CHANGED_SUBJECT);
  });
}

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const haproxy = haproxyPath();
  if (!haproxy) throw new Error("haproxy is not installed (apt-get install haproxy)");
  const pg = await postgresServer();
  if (typeof pg === "string") throw new Error(pg);
  const databaseUrl = await createDatabase(pg, "soak");
  const [port1, port2, lbPort] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${lbPort}`;
  // As production runs, apart from: the captcha's answer known to this script (it cannot read images), the new-device
  // check off (every person here is a new browser, which would make each sign-in a mailed code), no breached-password
  // look-up (no internet here) and the outbox's claims lapsing in 10 s (the killed instance's claim is what is tested).
  const common = {
    APP_URL: appUrl, DATABASE_URL: databaseUrl, BCRYPT_COST: "10", LOG_LEVEL: "warn", TRUST_PROXY: "2", NEW_DEVICE_CHECK: "off",
    PWNED_PASSWORDS_URL: "off", CAPTCHA_TEST_CODE: CAPTCHA, OUTBOX_LEASE_MS: "10000", HEALTH_TOKEN: `soak-${Date.now()}-0123456789abcdef`,
    DATA_KEY: "c29hay1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=",
  };
  const ports = [port1, port2];
  const instances: Instance[] = await Promise.all(ports.map((port) => startPortal({ ...common, PORT: String(port) })));
  await startHaproxy(haproxy, lbPort, instances);
  console.log(`Soak: ${MINUTES} min at ${RATE} people a second, 2 instances on PostgreSQL ${pg.version} behind HAProxy; ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node.js ${process.version}\n`);

  const durationMs = MINUTES * 60_000;
  /** Each instance's memory every minute, and as it is stopped. */
  const rss: { minute: number; mb: (number | null)[] }[] = [];
  /** Per instance, the moment it last started, to leave each run's warm-up out of its growth. */
  const startedAt = [Date.now(), Date.now()];
  /** Per instance, its samples after warm-up: which run (when it started), when, and MB. */
  const samples: { run: number; at: number; mb: number }[][] = [[], []];
  const sampleRss = () => {
    const mb = instances.map((instance) => rssMb(instance.pid));
    rss.push({ minute: (Date.now() - started) / 60_000, mb });
    mb.forEach((value, i) => {
      if (value !== null && Date.now() - startedAt[i]! >= WARM_UP_MS) samples[i]!.push({ run: startedAt[i]!, at: Date.now(), mb: value });
    });
  };
  const sampler = setInterval(sampleRss, 60_000);

  const restart = async (i: number, signal: "SIGTERM" | "SIGKILL") => {
    const from = Date.now();
    restarts.push({ from, to: Number.POSITIVE_INFINITY });
    sampleRss();
    process.kill(instances[i]!.pid, signal);
    await instances[i]!.exited;
    instances[i] = await startPortal({ ...common, PORT: String(ports[i]) });
    startedAt[i] = Date.now();
    restarts[restarts.length - 1] = { from, to: Date.now() };
    console.log(`  ${((from - started) / 60_000).toFixed(1)} min: app${i + 1} ${signal === "SIGTERM" ? "stopped (SIGTERM)" : "killed (SIGKILL)"} and back in ${((Date.now() - from) / 1000).toFixed(1)} s`);
  };
  const events = [
    sleep(durationMs / 3).then(() => restart(0, "SIGTERM")),
    sleep((2 * durationMs) / 3).then(() => restart(1, "SIGKILL")),
  ];

  // A steady rate: each tick starts one person's errand, whatever the ones before are still doing.
  const running = new Set<Promise<void>>();
  let n = 0;
  const end = started + durationMs;
  while (Date.now() < end) {
    const roll = Math.random();
    const errand =
      roll < MIX.page ? viewPage(appUrl)
      : roll < MIX.page + MIX.signIn ? signIn(appUrl)
      : roll < MIX.page + MIX.signIn + MIX.registration ? register(appUrl, databaseUrl, n++)
      : resetPassword(appUrl, databaseUrl);
    const tracked = errand.catch((error) => {
      if (!(error instanceof Failure)) errors.push({ at: Date.now(), what: String(error) });
    }).finally(() => running.delete(tracked));
    running.add(tracked);
    await sleep(1000 / RATE);
  }
  await Promise.all(events);
  await Promise.all(running);
  stopping = true;
  clearInterval(sampler);
  sampleRss();

  // Every queued mail out, then counted: each address's mails of each kind against the errands that asked for them.
  for (let waited = 0; waited < 120_000; waited += 1000) {
    const answer = await fetch(`${appUrl}/healthz`, { headers: { Authorization: `Bearer ${common.HEALTH_TOKEN}` } }).then((r) => r.json(), () => null);
    const outbox = (answer as { outbox?: { pending: number; retrying: number } } | null)?.outbox;
    if (outbox && outbox.pending === 0 && outbox.retrying === 0) break;
    await sleep(1000);
  }
  const rows = await sql<{ to: string; subject: string; n: number | string }>(databaseUrl, 'SELECT "to", "subject", COUNT(*) AS n FROM "DevMail" GROUP BY "to", "subject"');
  const sent = new Map(rows.map((row) => [`${row.to}\n${row.subject}`, Number(row.n)]));
  let mailsSent = 0;
  let expected = 0;
  const wrong: string[] = [];
  for (const key of new Set([...sent.keys(), ...mailsExpected.keys()])) {
    const [to = ""] = key.split("\n");
    const got = sent.get(key) ?? 0;
    const want = mailsExpected.get(key) ?? 0;
    mailsSent += got;
    expected += want;
    if (got !== want && !(uncertain.has(to) && got === want + 1)) wrong.push(`${key.replace("\n", ": ")}: ${got} sent, ${want} expected`);
  }

  const kinds = [...latencies.keys()];
  console.log(`\n${requests} requests in ${((Date.now() - started) / 60_000).toFixed(1)} min; ${errors.length} errors; ${refused} refused or cut off while an instance restarted`);
  for (const error of errors.slice(0, 10)) console.log(`  error at ${((error.at - started) / 1000).toFixed(0)} s: ${error.what}`);
  const perKind = kinds.map((kind) => {
    const l = latencies.get(kind)!;
    return [kind, String(l.length), percentile(l, 50).toFixed(0), percentile(l, 95).toFixed(0)];
  });
  console.log(`\n${table([["kind", "answers", "p50 ms", "p95 ms"], ...perKind]).join("\n")}`);
  const memory = rss.map(({ minute, mb }) => [minute.toFixed(1), ...mb.map((v) => (v === null ? "-" : v.toFixed(0)))]);
  console.log(`\nResident memory (MB) each minute:\n${table([["minute", "app1", "app2"], ...memory]).join("\n")}`);
  const growths = samples.map((all, i) => {
    const run = all.filter((sample) => sample.run === all.at(-1)?.run);
    const [first, last] = [run[0], run.at(-1)];
    if (!first || !last || last.at - first.at < GROWTH_SPAN_MS) return { instance: `app${i + 1}`, text: "its run after warm-up was too short to judge growth", over: false };
    const change = last.mb / first.mb - 1;
    const minutes = ((last.at - first.at) / 60_000).toFixed(0);
    return { instance: `app${i + 1}`, text: `${first.mb.toFixed(0)} → ${last.mb.toFixed(0)} MB (${(change * 100).toFixed(1)} %) over the last ${minutes} min of its run`, over: change > RSS_GROWTH_LIMIT };
  });
  for (const g of growths) console.log(`  ${g.instance}: ${g.text}${g.over ? `: over ${RSS_GROWTH_LIMIT * 100} %` : ""}`);
  console.log(`\nMails: ${mailsSent} sent, ${expected} expected (${uncertain.size} addresses whose last request was cut off by a restart may have one more); ${wrong.length ? `wrong for ${wrong.length} address(es):` : "each address got exactly its own."}`);
  for (const line of wrong.slice(0, 10)) console.log(`  ${line}`);
  console.log(`Registrations activated: ${active.length}; cores: ${availableParallelism()}`);
  if (errors.length || wrong.length || growths.some((g) => g.over)) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
