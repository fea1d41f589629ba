import { createHash } from "node:crypto";
import type { APIResponse } from "@playwright/test";
import { type APIRequestContext, expect, test } from "./fixtures";
import { button, uniqueEmail } from "./helpers";
import { queryPortalDb } from "./portal-db";

// The security headers on every kind of response, checked over HTTP as a browser gets them.

/** A policy as a map from directive name to its source list. */
function directives(policy: string | undefined): Map<string, string[]> {
  return new Map(
    (policy ?? "").split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** The nonce in a page CSP header, after checking every directive the portal relies on. */
function expectPageCsp(response: APIResponse): string {
  const policy = response.headers()["content-security-policy"];
  expect(policy, `CSP on ${response.url()}`).toBeTruthy();
  const csp = directives(policy);
  const scriptSrc = csp.get("script-src") ?? [];
  expect(scriptSrc).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}=='$/), "'strict-dynamic'"]);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  return (scriptSrc[1] ?? "").slice("'nonce-".length, -1);
}

/** The CSP of a prerendered page (lib/server/ops/prerendered-pages.ts): no nonce, each inline script by its hash. */
function expectPrerenderedCsp(response: APIResponse, html: string): void {
  const csp = directives(response.headers()["content-security-policy"]);
  const [self, ...hashes] = csp.get("script-src") ?? [];
  expect(self).toBe("'self'");
  for (const hash of hashes) expect(hash).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  // The same bytes go to everyone: no script carries a nonce, and each inline one is named by its hash.
  expect(html).not.toMatch(/<script\b[^>]*\bnonce=/);
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => !/\bsrc=/.test(attributes ?? ""));
  expect(inline.length).toBeGreaterThan(1);
  const needed = new Set(inline.map(([, , body]) => `'sha256-${createHash("sha256").update(body ?? "").digest("base64")}'`));
  expect(new Set(hashes)).toEqual(needed);
}

/** The headers every response carries, whatever its CSP. */
function expectCommonHeaders(response: APIResponse, referrerPolicy = "strict-origin-when-cross-origin"): void {
  const headers = response.headers();
  const where = `${response.status()} ${response.url()}`;
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["x-frame-options"], where).toBe("DENY");
  expect(headers["referrer-policy"], where).toBe(referrerPolicy);
  const denied = (headers["permissions-policy"] ?? "").split(/,\s*/);
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]) {
    expect(denied, where).toContain(`${feature}=()`);
  }
  // The test app runs at an http:// APP_URL: HSTS there would be ignored at best.
  expect(headers["strict-transport-security"], where).toBeUndefined();
  expect(headers["x-powered-by"], where).toBeUndefined();
}

const get = (request: APIRequestContext, path: string) => request.get(path, { maxRedirects: 0 });

// Playwright's own `request` fixture does not send the browser context's headers: this one presents the test's
// client address too (tests/e2e/fixtures.ts), so its requests count against the test's own rate limits.
const it = test.extend<{ client: APIRequestContext }>({
  client: async ({ playwright, baseURL, clientAddress }, provide) => {
    const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": clientAddress } });
    await provide(client);
    await client.dispose();
  },
});

it.describe("security headers", () => {
  for (const path of ["/register/check-email", "/resend", "/activate/confirm"]) {
    it(`page ${path}`, async ({ client }) => {
      const response = await get(client, path);
      expect(response.status(), path).toBeLessThan(500);
      expectCommonHeaders(response);
      expectPageCsp(response);
    });
  }

  // Without cookies these are prerendered; with any cookie but the language's they are rendered per request.
  for (const path of ["/", "/register", "/login", "/forgot", "/help", "/privacy"]) {
    it(`prerendered page ${path}, and rendered for a visitor with a cookie`, async ({ client }) => {
      const response = await get(client, path);
      expect(response.status(), path).toBe(200);
      expectCommonHeaders(response);
      expectPrerenderedCsp(response, await response.text());

      const rendered = await client.get(path, { maxRedirects: 0, headers: { cookie: "someone=1" } });
      expect(rendered.status(), path).toBe(200);
      expectCommonHeaders(rendered);
      expectPageCsp(rendered);
    });
  }

  // Step 1 is prerendered; the sign-in page that says where it returns to (?next=) is rendered per request.
  for (const [path, landing] of [["/register/password", "prerendered"], ["/account", "rendered"]] as const) {
    it(`page ${path}, which redirects without a wizard or session: both responses`, async ({ client }) => {
      const redirect = await get(client, path);
      expect(redirect.status(), path).toBeGreaterThanOrEqual(300);
      expect(redirect.status(), path).toBeLessThan(400);
      expectCommonHeaders(redirect);
      expectPageCsp(redirect);

      const final = await client.get(path);
      expect(final.status()).toBe(200);
      expect(new URL(final.url()).pathname).not.toBe(path);
      expectCommonHeaders(final);
      if (landing === "prerendered") expectPrerenderedCsp(final, await final.text());
      else expectPageCsp(final);
    });
  }

  it("every response gets a fresh nonce", async ({ client }) => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) nonces.add(expectPageCsp(await get(client, "/resend")));
    expect(nonces.size).toBe(5);
  });

  it("/activate keeps the token out of Referer headers: 303 with no-referrer", async ({ client }) => {
    const response = await get(client, "/activate?token=x");
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe("/activate/confirm");
    expectCommonHeaders(response, "no-referrer");
  });

  it("/captcha keeps its own stricter CSP", async ({ client }) => {
    const response = await get(client, "/captcha");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expectCommonHeaders(response);
    const csp = directives(response.headers()["content-security-policy"]);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.has("script-src")).toBe(false);
  });

  it("/dev/mail/[id] is not given the page CSP (the route sets its own sandbox policy)", async ({ client }) => {
    // The e2e app sends real mail, so the outbox is off and answers 404.
    const response = await get(client, "/dev/mail/0123456789abcdef");
    expect(response.status()).toBe(404);
    expectCommonHeaders(response);
    expect(response.headers()["content-security-policy"] ?? "").not.toContain("'nonce-");
  });

  it("a 404 page", async ({ client }) => {
    const response = await get(client, "/no-such-page-here");
    expect(response.status()).toBe(404);
    expectCommonHeaders(response);
    expectPageCsp(response);
  });

  it("static files: the build's CSS and JavaScript, and public/", async ({ client }) => {
    const html = await (await get(client, "/register")).text();
    const assets = [...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"]+\.(?:css|js))"/g)].map((match) => match[1]!);
    expect(assets.some((asset) => asset.endsWith(".css"))).toBe(true);
    expect(assets.some((asset) => asset.endsWith(".js"))).toBe(true);
    for (const path of [...new Set(assets)].slice(0, 6).concat("/icon-192.png")) {
      const response = await get(client, path);
      expect(response.status(), path).toBe(200);
      expectCommonHeaders(response);
    }
  });
});

// Prerendered for a first visit; rendered per request, with a nonce, for a visitor who carries a cookie.
for (const visitor of ["first visit", "with a cookie"] as const) {
  test(`/register (${visitor}): every script is allowed by the response's policy, and registering step 1 reports no CSP violation`, async ({ page, baseURL }, testInfo) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    if (visitor === "with a cookie") await page.context().addCookies([{ name: "someone", value: "1", url: baseURL! }]);

    const response = await page.goto("/register");
    expect(response).not.toBeNull();
    const html = await response!.text();
    const header = response!.headers()["content-security-policy"] ?? "";
    const scripts = await page.locator("script").evaluateAll((elements) =>
      elements.map((element) => ({ nonce: (element as HTMLScriptElement).nonce, inline: !(element as HTMLScriptElement).src })),
    );
    expect(scripts.filter((script) => script.inline).length).toBeGreaterThan(0);
    if (visitor === "first visit") {
      expect(header).not.toContain("'nonce-");
      expect(directives(header).get("script-src")).not.toContain("'unsafe-inline'");
      // Every inline script as sent is named in the header by its hash (the browser enforces the rest below).
      for (const [, , body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (body) expect(header).toContain(`'sha256-${createHash("sha256").update(body).digest("base64")}'`);
      }
    } else {
      const nonce = /'nonce-([^']+)'/.exec(header)?.[1];
      expect(nonce).toBeTruthy();
      // In the HTML as sent: every <script> tag, inline or not, has the nonce of this response's header.
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(1);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
      // In the live page: browsers hide the attribute but keep the nonce as a property.
      for (const script of scripts) expect(script.nonce).toBe(nonce);
    }

    // The page hydrates (the client-side submit works) and step 2's script-only controls appear.
    await page.getByLabel("Email", { exact: true }).fill(uniqueEmail(testInfo));
    await page.getByRole("checkbox", { name: /Privacy Policy/ }).check();
    await button(page, "Create Mi Account").click();
    await expect(page).toHaveURL(/\/register\/password$/);
    await expect(page.getByRole("button", { name: "Show" }).first()).toBeVisible();
    await expect(page.getByRole("img", { name: /Captcha/ })).toBeVisible();
    await expect.poll(() => page.getByRole("img", { name: /Captcha/ }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    expect(problems).toEqual([]);
  });
}

it.describe("request bodies", () => {
  /** The hidden fields React renders so step 1's form posts work without JavaScript. */
  async function step1ActionFields(request: APIRequestContext): Promise<Record<string, string>> {
    const html = await (await request.get("/register")).text();
    const fields: Record<string, string> = {};
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?/g)) {
      fields[name!] = (value ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    }
    expect(Object.keys(fields).some((name) => name.startsWith("$ACTION_") && name.endsWith(":0"))).toBe(true);
    return fields;
  }

  async function registrationsFor(email: string): Promise<number> {
    return (await queryPortalDb<{ n: number }>('SELECT COUNT(*) AS "n" FROM "RegistrationDraft" WHERE "email" = ?', email))[0]!.n;
  }

  it("a server action post over 64 kB is refused and changes nothing; one under it works", async ({ client, baseURL }, testInfo) => {
    const post = async (email: string, padding: number) =>
      client.post("/register", {
        maxRedirects: 0,
        headers: { Origin: baseURL as string },
        multipart: { ...(await step1ActionFields(client)), country: "GB", email, privacy: "on", padding: "x".repeat(padding) },
      });

    const big = uniqueEmail(testInfo, "big");
    const refused = await post(big, 70 * 1024);
    expect(refused.status(), "a 70 kB body").toBeGreaterThanOrEqual(400);
    expect(refused.headers()["location"]).toBeUndefined();
    expect(await registrationsFor(big)).toBe(0);

    // The same form under the limit goes through, so the refusal above is the size limit at work.
    const small = uniqueEmail(testInfo, "small");
    const accepted = await post(small, 50 * 1024);
    expect(accepted.status(), "a 50 kB body").toBe(303);
    expect(accepted.headers()["location"]).toBe("/register/password");
    expect(await registrationsFor(small)).toBe(1);
  });
});
