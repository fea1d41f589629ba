import type { Browser, BrowserContextOptions } from "@playwright/test";
import { expect, test, type Page } from "./fixtures";
import { activateFromMail, button, registerToCheckEmail, signIn, snap, submitAndWait, uniqueEmail, seedActiveAccount } from "./helpers";

// The account page: its sections and menu, "sign out everywhere", the recent activity and where the person is
// signed in, with times in the person's own zone and browser names in their language.

// A desktop Chrome on Linux, whatever the test browser says of itself.
const LINUX_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

let address = 0;
/** Another browser of the same person, from an address of its own (the sign-in limits count per address). */
async function anotherBrowser(browser: Browser, options: BrowserContextOptions = {}) {
  address += 1;
  const context = await browser.newContext({ userAgent: LINUX_CHROME, ...options, extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${(address % 200) + 20}` } });
  return { context, page: await context.newPage() };
}

function activity(page: Page) {
  return page.getByRole("region", { name: "Recent activity" });
}

test("the account page lists the activation among the recent activity", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await activateFromMail(page, email);
  await signIn(page, email);

  const rows = activity(page).getByRole("row");
  await expect(rows.filter({ hasText: "Account activated" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Account activated" }).locator("time")).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d:\d\d (UTC|GMT)$/); // en-GB, the tests' browser
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await snap(page, testInfo, "account activity");
});

test("sign out everywhere ends the sessions of every browser", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);

  const otherDevice = await browser.newContext();
  try {
    const other = await otherDevice.newPage();
    await signIn(other, email);

    await submitAndWait(page, button(page, "Sign out everywhere"));
    await expect(page).toHaveURL(/\/login\?signedOut=everywhere$/);
    await expect(page.getByText("You've signed out on every device, including this one.")).toBeVisible();

    // The other browser still holds its cookie, but the session behind it is gone.
    await other.goto("/account");
    await expect(other).toHaveURL(/\/login\?next=%2Faccount$|\/login\?next=\/account$/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$|\/login\?next=\/account$/);
  } finally {
    await otherDevice.close();
  }

  await signIn(page, email);
  await expect(activity(page).getByRole("row").filter({ hasText: "Signed out everywhere" })).toHaveCount(1);
});

test("the header knows who is signed in: the Mi Account ID, a link to the account, and sign out", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const { miId } = await seedActiveAccount({ email });
  await page.goto("/");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, email);
  await page.goto("/");
  await expect(header.getByRole("link", { name: `My Mi Account: ${miId}` })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(header.getByRole("link", { name: "Register" })).toHaveCount(0);
  await header.getByRole("link", { name: `My Mi Account: ${miId}` }).click();
  await expect(page).toHaveURL(/\/account$/);
  await submitAndWait(page, header.getByRole("button", { name: "Sign out" }));
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("the account page is in sections with headings, each reachable from the page's own menu", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);

  const sections = ["Profile", "Change password", "Two-step verification", "Passkeys", "Where you're signed in", "Apps with access", "Recent activity", "Offers and news", "Your data", "Delete account"];
  const menu = page.getByRole("navigation", { name: "On this page" });
  await expect(menu.getByRole("link")).toHaveText(sections);
  for (const name of sections) {
    await expect(page.getByRole("region", { name, exact: true }).getByRole("heading", { level: 2, name, exact: true })).toHaveCount(1);
  }
  // From the last section back to the first, so each jump really scrolls.
  for (const name of [...sections].reverse()) {
    await menu.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeInViewport();
  }
});

test("a saved choice is confirmed in its own section, and the confirmation goes with the next action", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);

  await page.getByRole("checkbox", { name: "Send me offers and news" }).uncheck();
  await submitAndWait(page, button(page, "Save choice"));
  await expect(page.getByRole("region", { name: "Offers and news" }).getByText("Your choice is saved.")).toBeVisible();

  await page.getByLabel("Current password").fill("Not-my-pass-1");
  await page.getByLabel("New password", { exact: true }).fill("Harbour-8812");
  await page.getByLabel("Confirm new password").fill("Harbour-8812");
  await submitAndWait(page, button(page, "Change password"));
  await expect(page.getByRole("main").locator(".field__error").filter({ hasText: "That's not your current password." })).toBeVisible();
  await expect(page.getByText("Your choice is saved.")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("Your choice is saved.")).toHaveCount(0);
});

test("times are in the browser's own zone and format, or without JavaScript in the account's country's zone", async ({ browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email, country: "IN" });

  // The first sign-in's row of the recent activity (its time is the same in both browsers' pages).
  const activated = (p: Page) => activity(p).getByRole("row").filter({ hasText: "Signed in" }).last().locator("time");

  // A British phone in Tokyo: day before month, 24-hour clock, Tokyo's time.
  const tokyo = await anotherBrowser(browser, { timezoneId: "Asia/Tokyo", locale: "en-GB" });
  await signIn(tokyo.page, email);
  await expect(activated(tokyo.page)).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d:\d\d GMT\+9$/);
  await expect(tokyo.page.getByTestId("sessions").getByRole("listitem").first()).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d\d GMT\+9/);
  await tokyo.context.close();

  // No JavaScript: the server knows no zone but the account's country's (India).
  const plain = await anotherBrowser(browser, { timezoneId: "Asia/Tokyo", javaScriptEnabled: false });
  await signIn(plain.page, email);
  await expect(activated(plain.page)).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M GMT\+5:30$/);
  await plain.context.close();
});

test("browser and system names are in the page's language, and an address never wraps", async ({ browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });

  const spanish = await anotherBrowser(browser, { viewport: { width: 320, height: 640 } });
  await signIn(spanish.page, email);
  // Then the footer's "Español", as a person picks it.
  await spanish.page.request.get("/language?to=es&back=/account", { headers: { "Sec-Fetch-Site": "same-origin" } });
  await spanish.page.goto("/account");
  await expect(spanish.page.getByRole("heading", { level: 1, name: "Tu Cuenta Mi" })).toBeVisible();
  const sessions = spanish.page.getByTestId("sessions");
  await expect(sessions).toContainText("Chrome en Linux");
  await expect(sessions).not.toContainText(" on ");
  const from = sessions.locator("bdi[dir=ltr]").first();
  await expect(from).toHaveText(/^198\.51\.100\.\d+$/);
  await expect(from).toHaveCSS("white-space", "nowrap");
  const activityAddress = spanish.page.getByTestId("account-activity").locator("bdi[dir=ltr]").first();
  await expect(activityAddress).toHaveCSS("white-space", "nowrap");
  await spanish.context.close();
});
