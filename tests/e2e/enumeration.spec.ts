import { expect, test, type Page } from "./fixtures";
import type { BrowserContext } from "@playwright/test";
import { button, errorSummary, registerToCheckEmail, seedActiveAccount, submitSignIn, uniqueEmail } from "./helpers";

// No page may tell whether an address has an account. (Response times are compared by `npm run bench`,
// which prints the medians; tests assert no timings.)

/**
 * A refused sign-in's page, once its script has run: the sign-in form is a plain POST (app/login/sign-in-post.ts),
 * so its answer is a new page, whose passkey button replaces a "needs JavaScript" line as it hydrates.
 */
async function signInRefused(page: Page, identifier: string, password: string): Promise<void> {
  await submitSignIn(page, identifier, password);
  await expect(errorSummary(page)).toBeVisible();
  await expect(button(page, "Sign in with a passkey")).toBeVisible();
}

/** The visible text of the page's main content after a form post, with the typed address blanked. */
async function answerOf(page: Page, email: string): Promise<string> {
  const text = (await page.getByRole("main").innerText()).replaceAll(email, "<email>");
  return text.replace(/\s+/g, " ").trim();
}

test("the resend page answers the same for a pending account and an unknown address", async ({ page }, testInfo) => {
  const pending = uniqueEmail(testInfo, "pending");
  await registerToCheckEmail(page, { email: pending });
  const answers: string[] = [];
  for (const email of [pending, uniqueEmail(testInfo, "unknown")]) {
    await page.goto("/resend");
    await page.getByLabel("Email").fill(email);
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await button(page, "Send activation email").click();
    expect((await response).status()).toBe(200);
    await expect(page.getByRole("main").getByRole("status")).toBeVisible();
    await expect(button(page, "Send activation email")).toBeEnabled();
    answers.push(await answerOf(page, email));
  }
  expect(answers[0]).toContain("If that address belongs to an account waiting for activation");
  expect(answers[1]).toBe(answers[0]);
});

test("sign-in answers the same for a wrong password and an unknown account", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, "known");
  await registerToCheckEmail(page, { email });
  // Another browser than the registering one, which is told more about its own registration (below).
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `2001:db8:ef${Math.floor(Math.random() * 0xff).toString(16)}::1` } });
  const other = await elsewhere.newPage();
  const answers: string[] = [];
  for (const identifier of [email, uniqueEmail(testInfo, "unknown")]) {
    await other.goto("/login");
    await signInRefused(other, identifier, "Wrong-pass-1");
    await expect(button(other, "Sign in")).toBeEnabled();
    answers.push(await answerOf(other, identifier));
  }
  await elsewhere.close();
  expect(answers[0]).toContain("Incorrect account or password.");
  expect(answers[1]).toBe(answers[0]);
});

// Issue 21: register someone's address with a password of your own, then sign in with it. Before, a free or pending
// address answered "hasn't been activated yet" and an active one "Incorrect account or password", which told the
// attacker whose address had an account. Now every one answers alike, in the registering browser and in any other.
test("sign-in with the registrant's own password answers alike for a free, a pending and an active address", async ({ page, browser }, testInfo) => {
  // Four sign-ups and six sign-ins, each from a browser state of its own.
  test.slow();
  const addresses = { free: uniqueEmail(testInfo, "free"), pending: uniqueEmail(testInfo, "pending"), active: uniqueEmail(testInfo, "active") };
  // Their owners: one registered and never activated; one active, put straight into the database (how an account
  // came to be active is not this test's subject, and activating it through the pages cost seconds).
  await registerToCheckEmail(page, { email: addresses.pending });
  await seedActiveAccount({ email: addresses.active });

  const attackersPassword = "Attacker-5150";
  // Each client from an IPv6 /64 of its own, so no address's counters add up between them. Two browsers, the
  // registrant's and another, each started afresh for every address: its cookies cleared and a new address, which
  // is all a new browser would differ by (the portal keeps nothing in a browser but cookies), without the cost.
  const prefix = `2001:db8:e${Math.floor(Math.random() * 0xfff).toString(16)}`;
  let clients = 0;
  const newBrowser = async () => {
    const context = await browser.newContext();
    return { context, page: await context.newPage() };
  };
  const afresh = async ({ context }: { context: BrowserContext }) => {
    clients += 1;
    await context.clearCookies();
    await context.setExtraHTTPHeaders({ "X-Forwarded-For": `${prefix}:${clients.toString(16)}::1` });
  };
  const registrant = await newBrowser();
  const other = await newBrowser();
  const answers = { registeringBrowser: [] as string[], otherBrowser: [] as string[] };
  for (const email of Object.values(addresses)) {
    await afresh(registrant);
    await registerToCheckEmail(registrant.page, { email, password: attackersPassword });
    await signInRefused(registrant.page, email, attackersPassword);
    answers.registeringBrowser.push(await answerOf(registrant.page, email));

    await afresh(other);
    await other.page.goto("/login");
    await signInRefused(other.page, email, attackersPassword);
    answers.otherBrowser.push(await answerOf(other.page, email));
  }
  await registrant.context.close();
  await other.context.close();
  expect(answers.otherBrowser[0]).toContain("Incorrect account or password.");
  expect(answers.otherBrowser[0]).toContain("Your account works once you've opened the link in the activation email.");
  expect(answers.otherBrowser[0]).not.toContain("Resend activation email");
  expect(answers.otherBrowser).toEqual(Array(3).fill(answers.otherBrowser[0]));
  expect(answers.registeringBrowser[0]).toContain("Resend activation email");
  expect(answers.registeringBrowser).toEqual(Array(3).fill(answers.registeringBrowser[0]));
});
