import type { APIResponse } from "@playwright/test";
import { expect, test, type APIRequestContext } from "./fixtures";
import { ACTIVATION_SUBJECT, activateFromMail, expireResendCooldown, PASSWORD, registerToCheckEmail, signIn, uniqueEmail } from "./helpers";
import { actionFields, setCookieNames, type Fields, withoutScripts } from "./action-post";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";

// Cross-site request forgery, end to end. Every change of state here is a server action, and Next.js refuses an
// action whose Origin header does not name the Host it was sent to (`Origin: null` included); the sign-in form's
// plain POST is held to the same rule by its own handler (app/login/sign-in-post.ts). These tests replay
// the portal's own forms as another site, or a sandboxed/opaque page, would post them, and prove the refusal
// leaves nothing behind: no cookie, no database row, no email, no session. Each starts or ends with the same
// post from the portal's own origin succeeding, so every "nothing changed" check is able to fail.
//
// Open redirects after sign-in (`/login?next=//evil.example` and friends) are covered in sign-in.spec.ts
// ("after sign-in only a same-site return path is followed"); the sign-in test below adds a forged `next` field.

const EVIL = "https://evil.example";
const FOREIGN_ORIGINS = [EVIL, "null"] as const;

/** The form's hidden server-action fields, checked to be there (tests/e2e/action-post.ts reads them). */
function hiddenFields(html: string, button: string): Fields {
  const fields = actionFields(html, button);
  expect(Object.keys(fields).some((name) => name.startsWith("$ACTION_")), `server action fields in the "${button}" form`).toBe(true);
  return fields;
}

type Sender = { origin?: string; secFetchSite?: string; clientAddress: string };

/** A form post as a browser makes it: multipart, to the page's own URL, redirects not followed. */
async function postForm(request: APIRequestContext, path: string, fields: Fields, sender: Sender): Promise<APIResponse> {
  const headers: Record<string, string> = { "X-Forwarded-For": sender.clientAddress, Accept: "text/html" };
  if (sender.origin) headers.Origin = sender.origin;
  if (sender.secFetchSite) {
    headers["Sec-Fetch-Site"] = sender.secFetchSite;
    headers["Sec-Fetch-Mode"] = "navigate";
    headers["Sec-Fetch-Dest"] = "document";
  }
  return request.post(path, { multipart: fields, headers, maxRedirects: 0 });
}

/** Posts `fields` (plus the form's own hidden ones) to the form on `path` whose button reads `button`. */
async function submitForm(request: APIRequestContext, path: string, button: string, fields: Fields, sender: Sender) {
  const page = await request.get(path, { headers: { "X-Forwarded-For": sender.clientAddress } });
  expect(page.status()).toBe(200);
  return postForm(request, path, { ...hiddenFields(await page.text(), button), ...fields }, sender);
}

/** The sign-in form as a browser posts it: form-encoded to /login, redirects not followed. */
async function postSignInAs(request: APIRequestContext, fields: Fields, sender: Sender): Promise<APIResponse> {
  const page = await request.get("/login", { headers: { "X-Forwarded-For": sender.clientAddress } });
  expect(page.status()).toBe(200);
  const headers: Record<string, string> = { "X-Forwarded-For": sender.clientAddress, Accept: "text/html" };
  if (sender.origin) headers.Origin = sender.origin;
  if (sender.secFetchSite) Object.assign(headers, { "Sec-Fetch-Site": sender.secFetchSite, "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" });
  return request.post("/login", { form: fields, headers, maxRedirects: 0 });
}

/** A refused action: an error status, and none of the portal's cookies set. */
async function expectRefused(response: APIResponse, what: string): Promise<void> {
  expect(response.status(), `${what}: status`).toBeGreaterThanOrEqual(400);
  expect(setCookieNames(response).filter((name) => /mi_/.test(name)), `${what}: cookies set`).toEqual([]);
  expect(withoutScripts(await response.text()), `${what}: body`).not.toContain("If that address");
}

const query = queryPortalDb;

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (await query<{ n: number }>(sql, ...params))[0]?.n ?? -1;
}

async function accountOf(email: string) {
  const [account] = await query<{ id: string; status: string; activationMailedAt: unknown }>(
    'SELECT "id", "status", "activationMailedAt" FROM "Account" WHERE "email" = ?',
    email,
  );
  if (!account) throw new Error(`No account for ${email}`);
  return account;
}

/**
 * Emails queued for `email`. A request that sends an email queues it in the outbox in the transaction of its
 * change, before it answers: once a refused request has been answered, any email it wrongly sent is counted here.
 */
async function queuedMails(email: string): Promise<number> {
  return count('SELECT COUNT(*) AS "n" FROM "OutboxMessage" WHERE "to" = ?', email);
}

test("register step 1: a foreign or null Origin creates no registration; the same post from the portal does", async ({ request, clientAddress, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const fields = { country: "GB", email, privacy: "on", offers: "on" };
  const registrations = () => count('SELECT COUNT(*) AS "n" FROM "RegistrationDraft" WHERE "email" = ?', email);

  for (const origin of FOREIGN_ORIGINS) {
    const response = await submitForm(request, "/register", "Create Mi Account", fields, { origin, secFetchSite: "cross-site", clientAddress });
    await expectRefused(response, `Origin: ${origin}`);
    expect(response.headers().location, `Origin: ${origin}: no redirect to step 2`).toBeUndefined();
  }
  expect(await registrations(), "registration rows after the refused posts").toBe(0);

  const response = await submitForm(request, "/register", "Create Mi Account", fields, { origin: new URL(baseURL!).origin, secFetchSite: "same-origin", clientAddress });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toMatch(/\/register\/password$/);
  expect(setCookieNames(response)).toContain("mi_registration");
  expect(await registrations(), "registration rows after the same-origin post").toBe(1);
});

test("resend: a foreign or null Origin sends no email, with or without JavaScript; the portal's own post does", async ({ page, request, clientAddress, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const firstMail = await waitForMail(email, ACTIVATION_SUBJECT);

  // The request the page makes with JavaScript (a fetch with a Next-Action header and React's encoding of the
  // form), captured without letting it through, to be replayed as other sites would send it.
  await page.goto("/resend");
  await page.getByLabel("Email", { exact: true }).fill(email);
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/resend", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    captured = { headers: await route.request().allHeaders(), body: route.request().postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await page.getByRole("button", { name: "Send activation email" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/resend");
  expect(captured!.headers["next-action"], "the JavaScript form calls a server action").toBeTruthy();
  const replay = (origin: string) => {
    const headers: Record<string, string> = { ...captured!.headers, origin, "x-forwarded-for": clientAddress };
    for (const name of ["host", "content-length", "cookie"]) delete headers[name];
    return request.post("/resend", { headers, data: captured!.body, maxRedirects: 0 });
  };

  // With the cooldown over, any resend that got through would mail a new link at once.
  await expireResendCooldown(email);
  const before = await accountOf(email);
  expect(await queuedMails(email), "the sign-up's own email").toBe(1);
  for (const origin of FOREIGN_ORIGINS) {
    await expectRefused(await submitForm(request, "/resend", "Send activation email", { email }, { origin, secFetchSite: "cross-site", clientAddress }), `form post, Origin: ${origin}`);
    await expectRefused(await replay(origin), `JavaScript call, Origin: ${origin}`);
  }
  expect(await queuedMails(email), "no email queued by the refused requests").toBe(1);
  expect((await accountOf(email)).activationMailedAt, "cooldown clock untouched").toEqual(before.activationMailedAt);
  expect(await count('SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "event" = ? AND "accountId" = ?', "resend", before.id), "no resend in the audit trail").toBe(0);

  // The same JavaScript call from the portal's own origin goes through and mails a link…
  const ownOrigin = new URL(baseURL!).origin;
  const viaScript = await replay(ownOrigin);
  expect(viaScript.status()).toBe(200);
  const secondMail = await waitForMail(email, ACTIVATION_SUBJECT, { after: firstMail });
  expect(mailsTo(email).map((mail) => mail.index), "the refused requests sent nothing before it").toEqual([firstMail.index, secondMail.index]);
  // …and so does the plain form post.
  await expireResendCooldown(email);
  const viaForm = await submitForm(request, "/resend", "Send activation email", { email }, { origin: ownOrigin, secFetchSite: "same-origin", clientAddress });
  expect(viaForm.status()).toBe(200);
  expect(withoutScripts(await viaForm.text())).toContain("If that address");
  await waitForMail(email, ACTIVATION_SUBJECT, { after: secondMail });
});

test("sign-in: a cross-site post with the right password gets no session; the portal's own post does", async ({ page, request, clientAddress, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await activateFromMail(page, email);
  const { id } = await accountOf(email);
  const sessions = () => count('SELECT COUNT(*) AS "n" FROM "Session" WHERE "accountId" = ?', id);
  const signInAudit = () => count('SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "accountId" = ? AND CAST("event" AS TEXT) LIKE ?', id, "sign-in%");
  expect(await sessions()).toBe(0);

  // The sign-in form is a plain form-encoded POST, answered before Next.js (app/login/sign-in-post.ts), under the
  // same rule as an action: its Origin must name the Host.
  const credentials = { identifier: email, password: PASSWORD, next: "//evil.example/account" };
  for (const origin of FOREIGN_ORIGINS) {
    const response = await postSignInAs(request, credentials, { origin, secFetchSite: "cross-site", clientAddress });
    await expectRefused(response, `Origin: ${origin}`);
    expect(response.headers().location, `Origin: ${origin}: no redirect`).toBeUndefined();
  }
  expect(await sessions(), "sessions after the refused posts").toBe(0);
  expect(await signInAudit(), "the refused posts never reached sign-in").toBe(0);

  // From the portal itself the same post signs in, and the forged `next` field still only leads home.
  const response = await postSignInAs(request, credentials, { origin: new URL(baseURL!).origin, secFetchSite: "same-origin", clientAddress });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe("/account");
  expect(setCookieNames(response)).toContain("mi_session");
  expect(await sessions()).toBe(1);
});

test("activate, sign out and sign out everywhere: a foreign or null Origin changes nothing", async ({ page, clientAddress, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const ownOrigin = new URL(baseURL!).origin;
  // page.request shares the browser's cookies: these posts carry the activation and session cookies, as a
  // forged cross-site post would if the browser sent them (SameSite=Lax is a second line of defence, not this one).
  const api = page.request;
  const html = async (path: string) => {
    const response = await api.get(path, { headers: { "X-Forwarded-For": clientAddress } });
    expect(response.status()).toBe(200);
    return withoutScripts(await response.text());
  };

  await registerToCheckEmail(page, { email });
  await page.goto(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
  await expect(page).toHaveURL(/\/activate\/confirm$/);
  const activate = hiddenFields(await html("/activate/confirm"), "Activate account");
  for (const origin of FOREIGN_ORIGINS) {
    await expectRefused(await postForm(api, "/activate/confirm", activate, { origin, secFetchSite: "cross-site", clientAddress }), `activate, Origin: ${origin}`);
  }
  expect((await accountOf(email)).status, "still pending after the refused posts").toBe("pending");
  const activated = await postForm(api, "/activate/confirm", activate, { origin: ownOrigin, secFetchSite: "same-origin", clientAddress });
  expect(activated.status()).toBe(200);
  expect(withoutScripts(await activated.text())).toContain("Your Mi Account is ready");
  expect((await accountOf(email)).status).toBe("active");

  await signIn(page, email);
  const { id } = await accountOf(email);
  const sessions = () => count('SELECT COUNT(*) AS "n" FROM "Session" WHERE "accountId" = ?', id);
  expect(await sessions()).toBe(1);
  const account = await html("/account");
  for (const button of ["Sign out", "Sign out everywhere"]) {
    const fields = hiddenFields(account, button);
    for (const origin of FOREIGN_ORIGINS) {
      const response = await postForm(api, "/account", fields, { origin, secFetchSite: "cross-site", clientAddress });
      await expectRefused(response, `${button}, Origin: ${origin}`);
    }
  }
  expect(await sessions(), "the session outlives the refused sign-outs").toBe(1);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "My Mi Account" })).toBeVisible();

  const signedOut = await postForm(api, "/account", hiddenFields(account, "Sign out"), { origin: ownOrigin, secFetchSite: "same-origin", clientAddress });
  expect(signedOut.status()).toBe(303);
  expect(signedOut.headers().location).toMatch(/^\/login\?signedOut=1$/);
  expect(await sessions()).toBe(0);
});

test("route handlers take no cross-site POST: the activation link and the captcha answer GET only", async ({ request, clientAddress }) => {
  for (const path of ["/activate?token=" + "A".repeat(43), "/captcha"]) {
    const response = await request.post(path, {
      headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site", "X-Forwarded-For": clientAddress },
      multipart: { token: "A".repeat(43) },
      maxRedirects: 0,
    });
    // 403 from the front door (a multipart post from another origin is a server action call to it), else 405.
    expect([403, 405], `POST ${path}: ${response.status()}`).toContain(response.status());
    expect(setCookieNames(response).filter((name) => /mi_/.test(name)), `POST ${path}: cookies set`).toEqual([]);
  }
});
