import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { freshDatabaseUrl, sql, testDatabaseKind } from "../support/database";
import { formOn, postAction, postSignIn, withoutScripts, type Fields } from "./action-post";
import { expect, test } from "./fixtures";
import { ACTIVATION_SUBJECT, button, PASSWORD, seedActiveAccount, submitSignIn } from "./helpers";
import { activationLinkFrom, ownInbox, type OwnInbox } from "./mail";
import { oauthError, RelyingParty } from "./oidc-rp";
import { freePort, outboxFigures, QUICK_OUTBOX, startPortal, type Portal } from "./portal-process";

// Several instances behave as one: two portals on one PostgreSQL database behind HAProxy (ops/haproxy.cfg, round
// robin, no sticky sessions). Requests alternate between the instances, so the captcha one issues the other
// checks, a session made on one is honoured by the other, and limits and cooldowns are counted once for both.
// Then the instance that is sending a person's activation email is killed outright: the next person's journey
// completes through the other, and the email the dead one had claimed goes out exactly once, after its lease.
// The outbox is read at /healthz (HEALTH_TOKEN) to wait for it to settle instead of sleeping through worker rounds.
// "Sign in with Mi" across the same instances comes first: the journeys' test kills one of them, and starting two
// portals and a balancer for each test cost CI a dozen seconds.

const haproxy = spawnSync("sh", ["-c", "command -v haproxy"]).stdout.toString().trim();

test.skip(testDatabaseKind() !== "postgres", "several instances share a PostgreSQL database (TEST_DATABASE=postgres)");
test.skip(!haproxy && !process.env.CI, "HAProxy is not installed (apt-get install haproxy; .ci/run does)");

/** One person's HTTP client through the load balancer, noting which instance answered each request. */
class Person {
  readonly servedBy: string[] = [];
  constructor(
    readonly request: APIRequestContext,
    readonly baseURL: string,
  ) {}

  private note(response: APIResponse): APIResponse {
    this.servedBy.push(response.headers()["x-served-by"] ?? "?");
    return response;
  }
  get last(): string {
    return this.servedBy.at(-1) ?? "";
  }
  async form(path: string, button: string): Promise<Fields> {
    const fields = await formOn(this.request, path, button);
    this.servedBy.push("?"); // formOn does not hand back its response; the instance is not needed for it
    return fields;
  }
  async post(path: string, fields: Fields): Promise<APIResponse> {
    return this.note(await postAction(this.request, this.baseURL, path, fields));
  }
  async signIn(fields: Fields): Promise<APIResponse> {
    return this.note(await postSignIn(this.request, this.baseURL, fields));
  }
  async get(path: string): Promise<APIResponse> {
    return this.note(await this.request.get(path, { maxRedirects: 0, headers: { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image" } }));
  }
}

function startHaproxy(listen: string, app1: string, app2: string): ChildProcess {
  const child = spawn(haproxy || "haproxy", ["-db", "-f", resolve("ops/haproxy.cfg")], {
    env: { ...process.env, MI_LISTEN: listen, MI_APP1: app1, MI_APP2: app2 },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return child;
}

// Both tests use the same two instances and balancer, in order in one worker ("default" mode: should the first
// fail, the worker is replaced and starts a fresh pair for the second, which still runs).
test.describe.configure({ mode: "default" });

let databaseUrl: string;
let inbox: OwnInbox | undefined;
let lbUrl: string;
/** Each instance's own address, past the balancer, by the name HAProxy gives it in X-Served-By. */
const direct = new Map<string, string>();
const portals = new Map<string, Portal>();
let balancer: ChildProcess | undefined;
const healthToken = `load-balanced-${Date.now()}-0123456789abcdef`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  databaseUrl = await freshDatabaseUrl(mkdtempSync(join(tmpdir(), "mi-lb-")));
  inbox = await ownInbox();
  const [port1, port2, lbPort] = [await freePort(), await freePort(), await freePort()];
  lbUrl = `http://127.0.0.1:${lbPort}`;
  direct.set("app1", `http://127.0.0.1:${port1}`).set("app2", `http://127.0.0.1:${port2}`);
  // TRUST_PROXY=2: HAProxy's hop, and the X-Forwarded-For the test sends as an edge proxy would, so each
  // person has an address (and /64 group) of their own. No CAPTCHA_TEST_CODE: real captchas, read back from the database.
  // The outbox's worker, first retry and lease are shortened (QUICK_OUTBOX), so the dead instance's claim lapses in seconds.
  // No breached-password look-up (PWNED_PASSWORDS_URL=off, as on the shared e2e server): the machines reach no internet.
  // One DATA_KEY for both, as in production; the new-device check off, as on the shared e2e server (its own tests
  // are new-device.test.ts and dev-mailbox.spec.ts).
  const common = {
    APP_URL: lbUrl,
    DATABASE_URL: databaseUrl,
    SMTP_URL: inbox.url,
    BCRYPT_COST: "4",
    TRUST_PROXY: "2",
    LOG_LEVEL: "warn",
    HEALTH_TOKEN: healthToken,
    PWNED_PASSWORDS_URL: "off",
    DATA_KEY: "bG9hZC1iYWxhbmNlZC1kYXRhLWtleS0wMTIzNDU2Nzg=",
    NEW_DEVICE_CHECK: "off",
    ...QUICK_OUTBOX,
  };
  // Both start together, as in a rolling deploy: each runs `migrate deploy` on the same database first.
  const [app1, app2] = await Promise.all([startPortal({ ...common, PORT: String(port1) }), startPortal({ ...common, PORT: String(port2) })]);
  portals.set("app1", app1).set("app2", app2);
  balancer = startHaproxy(`127.0.0.1:${lbPort}`, `127.0.0.1:${port1}`, `127.0.0.1:${port2}`);
  await expect.poll(async () => (await fetch(`${lbUrl}/healthz`).catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  balancer?.kill("SIGTERM");
  for (const portal of portals.values()) portal.process.kill("SIGTERM");
  await Promise.all([...portals.values()].map((portal) => portal.exited));
  await inbox?.close();
});

test("Sign in with Mi across instances: begun on one, finished through the balancer, every token used on each @db", async ({ browser }) => {
  test.setTimeout(120_000);
  const [one, two] = [direct.get("app1")!, direct.get("app2")!];
  let rp: RelyingParty | undefined;
  // Plain forms, no scripts: lighter, and every step is a request the balancer hands to either instance. An
  // address of its own, as the edge proxy would say (TRUST_PROXY=2), apart from the other test's people.
  const context = await browser.newContext({ baseURL: lbUrl, javaScriptEnabled: false, extraHTTPHeaders: { "X-Forwarded-For": "2001:db8:a0::1" } });
  try {
    const page = await context.newPage();
    // The account is put straight into the database: registering through the balancer is the test below's.
    const email = `lb-oidc-${Date.now()}@example.com`;
    const { miId } = await seedActiveAccount({ email, databaseUrl });

    // The app talks to whichever instance `instance` names: its requests are sent there, past the balancer.
    let instance = lbUrl;
    rp = await RelyingParty.start({ kind: "web", name: "Mi Store", issuer: lbUrl, databaseUrl, fetch: (url, options) => fetch(url.replace(lbUrl, instance), options as RequestInit) });

    // The authorization begins on instance 1 (its interaction and cookie), the sign-in and consent go through the balancer.
    const authorization = await rp.authorize({ scope: "openid profile email offline_access", prompt: "consent" });
    const begun = await context.request.get(authorization.url.href.replace(lbUrl, one), { maxRedirects: 0 });
    expect(begun.status()).toBe(303);
    await page.goto(new URL(begun.headers().location!, lbUrl).pathname);
    await submitSignIn(page, email, PASSWORD);
    await expect(page.getByRole("heading", { name: "Sign in to Mi Store with your Mi Account" })).toBeVisible();
    const callback = rp.callback();
    await button(page, "Allow").click();
    const answer = await callback;

    // The code at instance 2, the access token at each, each refresh at the other, and a reused one refused by either.
    instance = two;
    const tokens = await rp.tokens(authorization, answer);
    const sub = tokens.claims()!.sub;
    expect(tokens.claims()).toMatchObject({ iss: lbUrl, mi_id: miId, email });
    for (const at of [one, two]) {
      instance = at;
      expect(await rp.userinfo(tokens.access_token, sub), at).toMatchObject({ sub, mi_id: miId });
    }
    instance = one;
    const first = await rp.refresh(tokens.refresh_token!);
    instance = two;
    const second = await rp.refresh(first.refresh_token!);
    instance = one;
    expect(await rp.userinfo(second.access_token, sub)).toMatchObject({ sub });
    instance = two;
    expect(await oauthError(rp.refresh(first.refresh_token!))).toBe("invalid_grant");
    instance = one;
    expect(await oauthError(rp.refresh(second.refresh_token!)), "reuse ended the family on both").toBe("invalid_grant");
  } finally {
    await rp?.close();
    await context.close();
  }
});

test("two instances behind HAProxy behave as one, and one killed mid-journey loses nothing @db", async ({ playwright }) => {
  test.setTimeout(180_000);
  const mail = inbox!;
  const people: Person[] = [];
  const newPerson = async (address: string) => {
    const person = new Person(await playwright.request.newContext({ baseURL: lbUrl, extraHTTPHeaders: { "X-Forwarded-For": address } }), lbUrl);
    people.push(person);
    return person;
  };
  const mailsTo = (email: string) => mail.mailsTo(email);
  /** Waits until no message is waiting, retrying or dead: each one was sent (or dropped as pointless), once. */
  const outboxSettled = () =>
    expect.poll(() => outboxFigures(lbUrl, healthToken), { timeout: 60_000, intervals: [250] }).toEqual({ pending: 0, retrying: 0, dead: 0 });

  try {
    /** Registers `email` up to the check-email page and returns the person; the captcha is checked by the other instance. */
    const register = async (email: string, address: string) => {
      const person = await newPerson(address);
      const step1 = await person.post("/register", { ...(await person.form("/register", "Create Mi Account")), country: "GB", email, privacy: "on" });
      expect(step1.status()).toBe(303);
      const step2 = await person.form("/register/password", "Submit");
      const image = await person.get("/captcha");
      expect(image.status()).toBe(200);
      const issuedBy = person.last;
      // The person reads the image; the test reads the same code from the database (the newest captcha).
      const [captcha] = await sql<{ answer: string }>(databaseUrl, 'SELECT "answer" FROM "Captcha" ORDER BY "expiresAt" DESC LIMIT 1');
      const submitted = await person.post("/register/password", { ...step2, password: PASSWORD, confirmPassword: PASSWORD, captcha: captcha!.answer });
      expect(submitted.status(), withoutScripts(await submitted.text()).slice(0, 300)).toBe(303);
      expect(submitted.headers().location).toMatch(/\/register\/check-email$/);
      return { person, captchaIssuedBy: issuedBy, captchaCheckedBy: person.last };
    };

    /** Activates from the email and signs in; the account page is then loaded through both instances. */
    const activateAndSignIn = async (person: Person, email: string) => {
      const activation = await mail.waitForMail(email, ACTIVATION_SUBJECT, { timeoutMs: 90_000 });
      const link = new URL(activationLinkFrom(activation));
      expect((await person.get(link.pathname + link.search)).headers().location).toBe("/activate/confirm");
      const activated = await person.post("/activate/confirm", await person.form("/activate/confirm", "Activate account"));
      expect(withoutScripts(await activated.text())).toContain("Your Mi Account is ready");
      const signedIn = await person.signIn({ identifier: email, password: PASSWORD });
      expect(signedIn.status()).toBe(303);
      expect(signedIn.headers().location).toMatch(/\/account$/);
      const accountPageBy = new Set<string>();
      for (let i = 0; i < 2; i++) {
        const page = await person.get("/account");
        expect(page.status()).toBe(200);
        const html = withoutScripts(await page.text());
        expect(html).toContain("<h1>My Mi Account</h1>");
        expect(html).toContain(`${email.split("@")[0]}@</span>`); // the address, wrapped after its @

        accountPageBy.add(person.last);
      }
      return accountPageBy;
    };

    // 1. A whole journey, alternating.
    const first = `lb-first-${Date.now()}@example.com`;
    const one = await register(first, "2001:db8:a1::1");
    expect(one.captchaCheckedBy, "the captcha is checked by the instance that did not issue it").not.toBe(one.captchaIssuedBy);
    await expect.poll(() => mailsTo(first).length, { timeout: 30_000 }).toBe(1);

    // The resend cooldown is one for both: asking again through each instance sends nothing.
    const cooldownAnswers = new Set<string>();
    const resendForm = await one.person.form("/register/check-email", "Resend activation email");
    for (let i = 0; i < 2; i++) {
      const again = await one.person.post("/register/check-email", resendForm);
      expect(withoutScripts(await again.text())).toMatch(/Please wait \d+ seconds? before asking for another email/);
      cooldownAnswers.add(one.person.last);
    }
    expect([...cooldownAnswers].sort()).toEqual(["app1", "app2"]);

    expect([...(await activateAndSignIn(one.person, first))].sort(), "a session made on one instance is honoured by both").toEqual(["app1", "app2"]);
    expect(new Set(one.person.servedBy.filter((by) => by !== "?"))).toEqual(new Set(["app1", "app2"]));

    // A limit counted once for both: 30 captcha images a minute per address, wherever they are drawn.
    const drawer = await newPerson("2001:db8:a9::1");
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await drawer.get("/captcha")).status());
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(new Set(drawer.servedBy)).toEqual(new Set(["app1", "app2"]));

    // Each email went out exactly once: once the outbox has settled, no worker of either instance claims it again.
    await outboxSettled();
    expect(mailsTo(first)).toHaveLength(1);

    // 2. The instance sending the second person's activation email dies in the middle of the SMTP conversation.
    const second = `lb-second-${Date.now()}@example.com`;
    mail.hold((address) => address === second);
    const two = await register(second, "2001:db8:a2::1");
    await expect.poll(() => mail.held(), { timeout: 30_000 }).toBe(1);
    const sender = portals.get(two.captchaCheckedBy)!;
    sender.process.kill("SIGKILL");
    await sender.exited;
    portals.delete(two.captchaCheckedBy);
    mail.release();

    // 3. The next person's journey completes through the other instance alone.
    const third = `lb-third-${Date.now()}@example.com`;
    const three = await register(third, "2001:db8:a3::1");
    const survivor = [...portals.keys()];
    expect(new Set(three.person.servedBy.filter((by) => by !== "?"))).toEqual(new Set(survivor));
    expect([...(await activateAndSignIn(three.person, third))]).toEqual(survivor);
    expect(mailsTo(third)).toHaveLength(1);

    // The claimed email: its lease runs out, the survivor's worker sends it, once.
    await expect.poll(() => mailsTo(second).length, { timeout: 120_000, intervals: [500] }).toBe(1);
    await activateAndSignIn(two.person, second);
    await outboxSettled();
    expect(mailsTo(second)).toHaveLength(1);
    const [row] = await sql<{ status: string; attempts: number }>(databaseUrl, 'SELECT "status", "attempts" FROM "OutboxMessage" WHERE "to" = ?', second);
    expect(row).toMatchObject({ status: "sent" });
  } finally {
    await Promise.all(people.map((person) => person.request.dispose()));
  }
});
