import { expectNoAxeViolations } from "./axe";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import ar from "@/lib/shared/i18n/messages/ar.json";
import { expect, test, type Page } from "./fixtures";
import { activateFromMail, button, CAPTCHA, PASSWORD, snap, submitAndWait, submitSignIn, submitStep1, submitStep2, uniqueEmail } from "./helpers";
import { queryPortalDb } from "./portal-db";
import { waitForCode } from "./sms";

// "Sign in with Mi" from the person's side (issue 23, points 2 and 6): an app sends them to the portal, they have
// no Mi Account yet, so "Create Mi Account" on the sign-in page leads through registration and activation (by
// email, and by phone without JavaScript at 320 px) back into the same authorization: sign in, the consent page,
// Allow, and the browser lands on the app's redirect URI with a code. Then the account page's "Apps with access"
// lists the app and removes it. The tokens themselves, with a real relying party, are tests/e2e/oidc.spec.ts.

test.describe.configure({ timeout: 180_000 });

const appUrl = `http://localhost:${process.env.E2E_APP_PORT}`;

/** The app's redirect URI: a listener of the test's own, so the browser's arrival there is a real request. */
let callback: Server;
let callbackBase: string;

test.beforeAll(async () => {
  callback = createServer((_request, response) => response.writeHead(200, { "Content-Type": "text/plain" }).end("The app got its answer."));
  await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
  callbackBase = `http://127.0.0.1:${(callback.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => callback.close(resolve));
});

/** Registers an app as its operator would (`npm run oidc:client -- add`), on the e2e server's database. */
function registerApp(name: string): { clientId: string } {
  const out = execFileSync("npm", ["run", "-s", "oidc:client", "--", "add", "--name", name, "--redirect-uri", `${callbackBase}/cb`, "--json"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
    encoding: "utf8",
  });
  return { clientId: (JSON.parse(out.trim().split("\n").pop()!) as { client_id: string }).client_id };
}

/** The app's authorization request, built by hand: the code flow with PKCE (S256), as every app must send it. */
function authorizationUrl({ clientId, scope }: { clientId: string; scope: string }) {
  const state = randomBytes(16).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: `${callbackBase}/cb`,
    response_type: "code",
    scope,
    state,
    nonce: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  return { url: `/oidc/auth?${params}`, state };
}

/** The browser is at the app's redirect URI with this answer (a code, or an error), from this issuer. */
async function expectAnswer(page: Page, state: string, answer: "code" | "access_denied") {
  await expect(page).toHaveURL(new RegExp(`^${callbackBase}/cb\\?`));
  const url = new URL(page.url());
  expect(url.searchParams.get("state")).toBe(state);
  expect(url.searchParams.get("iss")).toBe(appUrl);
  if (answer === "code") expect(url.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);
  else expect(url.searchParams.get("error")).toBe("access_denied");
}

/** Nothing wider than the window: no sideways scrolling at a phone's width. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

const signInFor = (page: Page) => page.getByTestId("sign-in-for");

const artifactsOf = async (clientId: string) =>
  (await queryPortalDb<{ kind: string }>('SELECT "kind" FROM "OidcArtifact" WHERE "clientId" = ? ORDER BY "kind"', clientId)).map((row) => row.kind);

test("Create Mi Account from an app's sign-in: register, activate, sign in, allow, and back to the app with a code; then remove its access", async ({ page }, testInfo) => {
  const name = `Mi Store ${randomBytes(3).toString("hex")}`;
  const { clientId } = registerApp(name);
  const email = uniqueEmail(testInfo);
  const { url, state } = authorizationUrl({ clientId, scope: "openid profile email" });

  await page.goto(url);
  await expect(page).toHaveURL(/\/login\?next=%2Fauthorize%2F[\w-]+$/);
  await expect(signInFor(page)).toHaveText(`Sign in to continue to ${name}`);
  await expectNoAxeViolations(page, "sign-in for an app");

  // No account yet: the detour through registration keeps where it came from.
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page).toHaveURL(/\/register\?next=%2Fauthorize%2F[\w-]+$/);
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  await submitStep2(page);
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await activateFromMail(page, email);
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fauthorize%2F[\w-]+$/);
  await expect(signInFor(page)).toHaveText(`Sign in to continue to ${name}`);
  await submitSignIn(page, email, PASSWORD);

  await expect(page).toHaveURL(/\/authorize\/[\w-]+\/consent$/);
  await expect(page.getByRole("heading", { level: 1, name: `Sign in to ${name} with your Mi Account` })).toBeVisible();
  await expect(page.getByTestId("consent-account")).toHaveText(email);
  await expect(page.getByRole("list", { name: `${name} asks to:` }).getByRole("listitem")).toHaveText([
    "Know that you have a Mi Account and sign you in",
    "See your Mi Account ID and display name",
    "See your email address",
  ]);
  await expectNoAxeViolations(page, "consent");
  await snap(page, testInfo, "consent");
  await button(page, "Allow").click();
  await expectAnswer(page, state, "code");
  expect(await artifactsOf(clientId)).toEqual(["AuthorizationCode", "Grant"]);

  // The account page lists the app, what it may see and when; "Remove access" ends its grant and code at once.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/account");
  const apps = page.getByRole("region", { name: "Apps with access" });
  await expect(apps.getByRole("heading", { level: 3, name })).toBeVisible();
  await expect(apps.getByRole("list", { name: `What ${name} may see` }).getByRole("listitem")).toHaveCount(3);
  await expect(apps.getByText(/^Allowed .+ · Last used .+$/)).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page, "account: apps with access, 320 px");
  await apps.screenshot({ path: testInfo.outputPath("apps-with-access-320.png") });
  await submitAndWait(page, apps.getByRole("button", { name: `Remove access for ${name}` }));
  await expect(apps.getByText(`${name} no longer has access to your Mi Account.`)).toBeVisible();
  await expect(apps.getByText("No app has access to your Mi Account.")).toBeVisible();
  expect(await artifactsOf(clientId)).toEqual([]);
  await expectNoAxeViolations(page, "account: app removed");
});

test.describe("without JavaScript, at 320 px", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });

  test("register by phone from an app's sign-in and back to the app; remove it; the consent page in Arabic", async ({ page, browser }, testInfo) => {
    const name = `Mi Cloud ${randomBytes(3).toString("hex")}`;
    const { clientId } = registerApp(name);
    const digits = String((Date.now() * 1000 + Math.floor(Math.random() * 1000)) % 100_000_000).padStart(8, "0");
    const phone = { national: `137 ${digits.slice(0, 4)} ${digits.slice(4)}`, e164: `+86137${digits}` };
    const first = authorizationUrl({ clientId, scope: "openid profile" });

    await page.goto(first.url);
    await expect(signInFor(page)).toHaveText(`Sign in to continue to ${name}`);
    await page.getByRole("link", { name: "Create one" }).click();
    await page.getByRole("radio", { name: "Phone number" }).check();
    await page.getByLabel("Country/Region").selectOption("CN");
    await page.getByLabel("Mobile phone number").fill(phone.national);
    await page.getByRole("checkbox", { name: /Privacy Policy/ }).check();
    await button(page, "Create Mi Account").click();
    await expect(page).toHaveURL(/\/register\/password$/);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByLabel("Code in the image").fill(CAPTCHA);
    await button(page, "Submit").click();
    await expect(page).toHaveURL(/\/register\/check-phone$/);
    await page.getByLabel("6-digit code").fill((await waitForCode(phone.e164)).code);
    await button(page, "Verify").click();
    await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(signInFor(page)).toHaveText(`Sign in to continue to ${name}`);
    await page.getByLabel("Email, phone number or Mi Account ID").fill(phone.e164);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await button(page, "Sign in").click();

    await expect(page).toHaveURL(/\/authorize\/[\w-]+\/consent$/);
    await expect(page.getByRole("heading", { level: 1, name: `Sign in to ${name} with your Mi Account` })).toBeVisible();
    await expect(page.getByTestId("consent-account")).toHaveText(/^\+86 137/);
    await expectNoSidewaysScroll(page);
    await button(page, "Allow").click();
    await expectAnswer(page, first.state, "code");

    await page.goto("/account#apps");
    const apps = page.getByRole("region", { name: "Apps with access" });
    await expect(apps.getByRole("heading", { level: 3, name })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await apps.getByRole("button", { name: `Remove access for ${name}` }).click();
    await expect(apps.getByText(`${name} no longer has access to your Mi Account.`)).toBeVisible();
    expect(await artifactsOf(clientId)).toEqual([]);

    // The same app asks again, of a person who reads Arabic: the consent page in their language, right to left,
    // checked by axe (which needs JavaScript) in the same signed-in browser state.
    const arabic = await browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: true, viewport: { width: 320, height: 640 } });
    await arabic.addCookies([{ name: "mi_lang", value: "ar", url: appUrl }]);
    const second = authorizationUrl({ clientId, scope: "openid phone" });
    const reader = await arabic.newPage();
    await reader.goto(second.url);
    await expect(reader).toHaveURL(/\/authorize\/[\w-]+\/consent$/);
    await expect(reader.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(reader.getByRole("heading", { level: 1, name: ar.oidc.consentTitle.replace("{app}", name) })).toBeVisible();
    await expect(reader.getByTestId("consent-scopes").getByRole("listitem")).toHaveText([ar.oidc.scopes.openid, ar.oidc.scopes.phone]);
    await expectNoSidewaysScroll(reader);
    await expectNoAxeViolations(reader, "consent in Arabic, 320 px");
    await snap(reader, testInfo, "consent in Arabic, 320 px");
    await button(reader, ar.oidc.deny).click();
    await expectAnswer(reader, second.state, "access_denied");
    await arabic.close();
  });
});
