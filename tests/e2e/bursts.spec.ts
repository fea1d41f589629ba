import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";
import { formOn, postAction, prepareSignUp, type Fields, withoutScripts } from "./action-post";
import { ACTIVATION_SUBJECT, CAPTCHA, expireResendCooldown, PASSWORD, uniqueEmail } from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";

// Bursts over HTTP, as an attacker sends them: fifty requests at once must meet the limits that fifty sent one
// by one would. Each simulated client is its own APIRequestContext (own cookies) and, where the test says so,
// its own IPv6 /64 in X-Forwarded-For (the e2e server trusts one proxy hop).

const BURST = 50;
const WRONG = "Wrong-pass-77";
const runPrefix = `2001:db8:b${Math.floor(Math.random() * 0xfff).toString(16)}`;
let clients = 0;
const newAddress = () => `${runPrefix}:${(++clients).toString(16)}::1`;

type Client = { request: APIRequestContext; login: Fields };

async function newClients(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, n: number, address?: string): Promise<Client[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": address ?? newAddress() } });
      return { request, login: await formOn(request, "/login", "Sign in") };
    }),
  );
}

/** A captcha slot for this client, as loading the image gives one; the e2e server's codes are all CAPTCHA. */
async function loadCaptcha(client: Client): Promise<void> {
  const image = await client.request.get("/captcha", { headers: { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image" } });
  expect(image.status()).toBe(200);
}

async function postSignIn(client: Client, baseURL: string, identifier: string, password: string, captcha?: string) {
  const response = await postAction(client.request, baseURL, "/login", { ...client.login, identifier, password, ...(captcha ? { captcha } : {}) });
  return { status: response.status(), location: response.headers().location ?? "", body: withoutScripts(await response.text()) };
}

/** A registered, active account, made over HTTP like any other person's. */
async function activeAccount(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, email: string) {
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": newAddress() } });
  const fields = await prepareSignUp(request, "registrant", baseURL, email);
  expect((await postAction(request, baseURL, "/register/password", fields)).status()).toBe(303);
  const link = new URL(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
  await request.get(link.pathname + link.search, { maxRedirects: 0 });
  const press = await formOn(request, "/activate/confirm", "Activate account");
  expect((await postAction(request, baseURL, "/activate/confirm", press)).status()).toBe(200);
  await request.dispose();
  const [account] = await queryPortalDb<{ id: string; status: string }>('SELECT "id", "status" FROM "Account" WHERE "email" = ?', email);
  expect(account?.status).toBe("active");
  return account!.id;
}

/** Password checks that failed, and sign-ins that succeeded, from the audit trail. */
async function passwordChecks(accountId: string) {
  const rows = await queryPortalDb<{ event: string; outcome: string }>('SELECT "event", "outcome" FROM "AuditEvent" WHERE "accountId" = ?', accountId);
  return {
    wrong: rows.filter((row) => row.event === "sign-in-failed" && row.outcome === "wrong-password").length,
    succeeded: rows.filter((row) => row.event === "sign-in").length,
  };
}

test.describe.configure({ timeout: 180_000 });

test("50 concurrent wrong sign-ins from one client check 3 passwords, then ask for the captcha", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const accountId = await activeAccount(playwright, baseURL!, email);
  const burst = await newClients(playwright, baseURL!, BURST, newAddress());
  try {
    const answers = await Promise.all(burst.map((client) => postSignIn(client, baseURL!, email, WRONG)));
    expect(answers.filter((a) => a.status >= 500), "5xx").toEqual([]);
    expect(await passwordChecks(accountId)).toEqual({ wrong: 3, succeeded: 0 });
    expect(answers.filter((a) => a.body.includes("Incorrect account or password."))).toHaveLength(3);
  } finally {
    await Promise.all(burst.map((client) => client.request.dispose()));
  }
});

test("50 concurrent sign-ins with solved captchas from 50 clients: at most 6 password checks, one pause", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const accountId = await activeAccount(playwright, baseURL!, email);
  const burst = await newClients(playwright, baseURL!, BURST);
  try {
    await Promise.all(burst.map(loadCaptcha));
    const answers = await Promise.all(burst.map((client) => postSignIn(client, baseURL!, email, WRONG, CAPTCHA)));
    expect(answers.filter((a) => a.status >= 500), "5xx").toEqual([]);
    expect(await passwordChecks(accountId)).toEqual({ wrong: 6, succeeded: 0 });
    expect(answers.filter((a) => a.body.includes("Too many attempts"))).toHaveLength(BURST - 6);
    const lockouts = await queryPortalDb('SELECT 1 FROM "AuditEvent" WHERE "accountId" = ? AND "event" = ?', accountId, "lockout");
    expect(lockouts).toHaveLength(1);
  } finally {
    await Promise.all(burst.map((client) => client.request.dispose()));
  }
});

test("the right password inside a burst past the limit gets no session unless it was the one attempt left", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const accountId = await activeAccount(playwright, baseURL!, email);
  // Five failures one by one: one attempt is left before the pause.
  for (const client of await newClients(playwright, baseURL!, 5)) {
    await loadCaptcha(client);
    expect((await postSignIn(client, baseURL!, email, WRONG, CAPTCHA)).body).toContain("Incorrect account or password.");
    await client.request.dispose();
  }
  const burst = await newClients(playwright, baseURL!, BURST);
  try {
    await Promise.all(burst.map(loadCaptcha));
    const answers = await Promise.all(burst.map((client, i) => postSignIn(client, baseURL!, email, i === 25 ? PASSWORD : WRONG, CAPTCHA)));
    expect(answers.filter((a) => a.status >= 500), "5xx").toEqual([]);
    const checks = await passwordChecks(accountId);
    expect(checks.wrong + checks.succeeded, "password checks: five before the burst, one in it").toBe(6);
    const signedIn = answers.filter((a) => a.status === 303 && a.location.endsWith("/account"));
    expect(signedIn).toHaveLength(checks.succeeded);
  } finally {
    await Promise.all(burst.map((client) => client.request.dispose()));
  }
});

test("50 concurrent resends for one pending address send one email and count five requests", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const registrant = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": newAddress() } });
  const fields = await prepareSignUp(registrant, "registrant", baseURL!, email);
  expect((await postAction(registrant, baseURL!, "/register/password", fields)).status()).toBe(303);
  await waitForMail(email, ACTIVATION_SUBJECT);
  await registrant.dispose();
  await expireResendCooldown(email);
  const burst = await Promise.all(
    Array.from({ length: BURST }, async () => {
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": newAddress() } });
      return { request, form: await formOn(request, "/resend", "Send activation email") };
    }),
  );
  try {
    const answers = await Promise.all(burst.map(({ request, form }) => postAction(request, baseURL!, "/resend", { ...form, email })));
    expect(answers.filter((a) => a.status() >= 500), "5xx").toEqual([]);
    const bodies = await Promise.all(answers.map(async (a) => withoutScripts(await a.text())));
    expect(bodies.filter((body) => body.includes("try again tomorrow"))).toHaveLength(BURST - 5);
    await expect.poll(() => mailsTo(email, ACTIVATION_SUBJECT).length, { timeout: 15_000 }).toBe(2);
    const [counter] = await queryPortalDb<{ points: number }>('SELECT "points" FROM "RateLimiterFlexible" WHERE "key" = ?', `resend-address:${email}`);
    expect(counter?.points).toBeGreaterThanOrEqual(BURST);
  } finally {
    await Promise.all(burst.map(({ request }) => request.dispose()));
  }
});

test("50 concurrent activation presses with wrong passwords from 50 clients: five passwords checked, the link still asks", async ({ playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const registrant = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": newAddress() } });
  const fields = await prepareSignUp(registrant, "registrant", baseURL!, email);
  expect((await postAction(registrant, baseURL!, "/register/password", fields)).status()).toBe(303);
  await registrant.dispose();
  const link = new URL(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
  // Other browsers than the registering one (no sign-up draft cookie): each press must bring the password.
  const burst = await Promise.all(
    Array.from({ length: BURST }, async () => {
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": newAddress() } });
      await request.get(link.pathname + link.search, { maxRedirects: 0 });
      return { request, form: await formOn(request, "/activate/confirm", "Activate account") };
    }),
  );
  try {
    const answers = await Promise.all(burst.map(({ request, form }, i) => postAction(request, baseURL!, "/activate/confirm", { ...form, password: `${WRONG}${i}` })));
    expect(answers.filter((a) => a.status() >= 500), "5xx").toEqual([]);
    const bodies = await Promise.all(answers.map(async (a) => withoutScripts(await a.text())));
    expect(bodies.filter((body) => body.includes("That&#x27;s not the password for this link") || body.includes("That's not the password for this link"))).toHaveLength(5);
    expect(bodies.filter((body) => body.includes("Too many attempts. Please try again in 15 minutes."))).toHaveLength(BURST - 5);
    const [account] = await queryPortalDb<{ id: string; status: string }>('SELECT "id", "status" FROM "Account" WHERE "email" = ?', email);
    expect(account?.status).toBe("pending");
    const audited = await queryPortalDb<{ outcome: string }>('SELECT "outcome" FROM "AuditEvent" WHERE "accountId" = ? AND "event" = ?', account!.id, "activation");
    expect(audited.map((row) => row.outcome)).toEqual(Array(5).fill("wrong-password"));
    // The right password is refused too until the count frees: nothing checks it meanwhile.
    const late = await postAction(burst[0]!.request, baseURL!, "/activate/confirm", { ...burst[0]!.form, password: PASSWORD });
    expect(withoutScripts(await late.text())).toContain("Too many attempts.");
    expect((await queryPortalDb<{ status: string }>('SELECT "status" FROM "Account" WHERE "id" = ?', account!.id))[0]?.status).toBe("pending");
  } finally {
    await Promise.all(burst.map(({ request }) => request.dispose()));
  }
});

// 25, not 50: one address group may load only 30 captcha images a minute, and each sign-up needs one.
test("25 concurrent sign-ups with the image alone from one address group: the tighter limit lets 2 through", async ({ playwright, baseURL }, testInfo) => {
  const address = newAddress();
  const people = await Promise.all(
    Array.from({ length: 25 }, async () => playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": address } })),
  );
  try {
    // Each person has done step 1 and loaded the image, but sends no proof of work (as without JavaScript).
    const forms: Fields[] = [];
    for (const [i, request] of people.entries()) forms.push(await prepareSignUp(request, address, baseURL!, uniqueEmail(testInfo, `img${i}`)));
    const answers = await Promise.all(people.map((request, i) => postAction(request, baseURL!, "/register/password", forms[i]!)));
    expect(answers.filter((a) => a.status() >= 500), "5xx").toEqual([]);
    const through = answers.filter((a) => a.status() === 303 && (a.headers().location ?? "").endsWith("/register/check-email"));
    expect(through).toHaveLength(2);
  } finally {
    await Promise.all(people.map((request) => request.dispose()));
  }
});
