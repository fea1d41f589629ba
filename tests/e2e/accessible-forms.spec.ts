import { expect, test, type Page } from "./fixtures";
import {
  activateFromMail,
  button,
  CAPTCHA,
  captchaShown,
  errorSummary,
  PASSWORD,
  refusalMessage,
  registerToCheckEmail,
  submitAndWait,
  submitSignIn,
  submitStep1,
  uniqueEmail,
} from "./helpers";
import { activationLinkFrom, waitForMail } from "./mail";

// After a refused submit the keyboard and screen-reader user lands on what went wrong, each error is tied to its
// field, the password rule is a checklist that ticks while typing, and every page holds at phone width.

test("a refused submit moves focus to an error summary whose links lead to each field @phone", async ({ page }, testInfo) => {
  await page.goto("/register");
  await submitAndWait(page, button(page, "Create Mi Account"));
  const summary = errorSummary(page);
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle("Error: Create Mi Account · Mi Account");
  // Each error is tied to its field (read with it), and the summary links there.
  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter your email address.");
  await expect(page.getByRole("checkbox", { name: /Privacy Policy/ })).toHaveAccessibleDescription(/agree to the Privacy Policy/);
  await summary.getByRole("link", { name: "Enter your email address." }).click();
  await expect(email).toBeFocused();
  // The field errors are not live regions: only the focused summary is announced.
  await expect(page.getByRole("main").locator("[aria-live] .field__error")).toHaveCount(0);

  await submitStep1(page, { email: uniqueEmail(testInfo) });
  await expect(page).toHaveTitle("Create Mi Account: choose a password · Mi Account");
  await captchaShown(page);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByLabel("Code in the image").fill("zzzzz");
  await submitAndWait(page, button(page, "Submit"));
  await expect(errorSummary(page)).toBeFocused();
  await expect(page).toHaveTitle("Error: Create Mi Account: choose a password · Mi Account");
  await errorSummary(page).getByRole("link", { name: "The code doesn't match the image." }).click();
  await expect(page.getByLabel("Code in the image")).toBeFocused();

  // A refusal without field errors takes focus too, and a second identical one again.
  await page.goto("/login");
  await submitSignIn(page, "nobody-" + uniqueEmail(testInfo), "Wrong-pass-1");
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await expect(errorSummary(page)).toBeFocused();
  await page.getByLabel("Password", { exact: true }).focus();
  await submitAndWait(page, button(page, "Sign in"));
  await expect(errorSummary(page)).toBeFocused();
});

test("the password checklist ticks as the person types, from the same rule the server uses @phone", async ({ page }, testInfo) => {
  // A short local part, so a password can contain it and stay within 16 characters.
  const local = `pw${testInfo.project.name.slice(0, 1)}${Date.now().toString(36)}`;
  const email = `${local}@example.com`;
  await page.goto("/register");
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  const password = page.getByLabel("Password", { exact: true });
  const item = (text: string) => page.getByTestId("password-checklist").getByRole("listitem").filter({ hasText: text });
  const met = async (text: string) => (await item(text).getAttribute("data-met")) === "true";
  // The checklist is the password field's description, read with it.
  await expect(password).toHaveAccessibleDescription(/8–16 characters\s?: not yet/);
  await expect.poll(() => met("8–16 characters")).toBe(false);

  await password.fill("abcdefgh");
  await expect.poll(() => met("8–16 characters")).toBe(true);
  expect(await met("At least two of")).toBe(false);
  await password.fill("abcdefg1");
  await expect.poll(() => met("At least two of")).toBe(true);
  // The email's name is refused inside a password, as the server refuses it.
  await password.fill(`${local}!`);
  await expect.poll(() => met("Not your email name")).toBe(false);
  await password.fill("abcdefgh12345678X");
  await expect.poll(() => met("8–16 characters"), "17 characters are too many").toBe(false);
  await expect(item("No spaces")).toHaveCount(0);
  await password.fill("abc def 12");
  await expect(item("No spaces")).toHaveAttribute("data-met", "false");

  await password.fill(PASSWORD);
  await expect.poll(() => met("The same password in both fields")).toBe(false);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await expect.poll(() => met("The same password in both fields")).toBe(true);
  for (const text of ["8–16 characters", "At least two of", "Not your email name"]) expect(await met(text)).toBe(true);
  await expect(password).toHaveAccessibleDescription(/8–16 characters\s?: done/);

  // The eye button shows and hides what was typed; its name says what it does, aria-pressed its state.
  const eye = page.getByRole("button", { name: "Show password" }).first();
  await expect(eye).toHaveAttribute("aria-pressed", "false");
  await eye.click();
  await expect(password).toHaveAttribute("type", "text");
  await expect(eye).toHaveAttribute("aria-pressed", "true");
  await eye.click();
  await expect(password).toHaveAttribute("type", "password");
});

test("the Mi Account ID can be copied, and the check-email page breaks the address only after @ or a dot @phone", async ({ page, context, browserName }, testInfo) => {
  test.skip(browserName !== "chromium", "clipboard permissions are Chromium's");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize({ width: 320, height: 700 });
  const email = `ada.lovelace.${uniqueEmail(testInfo).replace(/@.*/, "")}@mail.example-university.co.uk`;
  await registerToCheckEmail(page, { email });
  const address = page.getByTestId("check-email-address");
  await expect(address).toHaveText(email);
  const lines = await address.evaluate((el) => {
    // Every piece of the address keeps to one line, and the address as a whole needs more than one.
    const parts = [...el.children].map((part) => ({ text: part.textContent ?? "", rects: part.getClientRects().length, top: part.getBoundingClientRect().top }));
    return { parts, tops: new Set(parts.map((part) => Math.round(part.top))).size };
  });
  expect(lines.tops).toBeGreaterThan(1);
  for (const part of lines.parts) expect(part.rects, `"${part.text}" is not broken inside`).toBe(1);
  expect(lines.parts.slice(0, -1).every((part) => /[@.]$/.test(part.text))).toBe(true);

  const miId = await activateFromMail(page, email);
  await button(page, "Copy Mi Account ID").click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(miId);
  await expect(page).toHaveTitle("Your Mi Account is ready · Mi Account");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Mi Account ID is selectable text and no script-only button is shown", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo);
    await page.goto("/register");
    await submitStep1(page, { email });
    // Without script the checklist is the rule itself, unticked, and says nothing of progress.
    await expect(page.getByTestId("password-checklist").getByRole("listitem")).toHaveCount(5);
    await expect(page.getByTestId("password-checklist")).not.toContainText("not yet");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByLabel("Code in the image").fill(process.env.E2E_CAPTCHA_CODE as string);
    await button(page, "Submit").click();
    await expect(page).toHaveURL(/\/register\/check-email$/);
    const mail = await waitForMail(email, "Activate your Mi Account");
    await page.goto(activationLinkFrom(mail));
    await button(page, "Activate account").click();
    const miId = page.getByTestId("mi-account-id");
    await expect(miId).toHaveText(/^\d{10}$/);
    await expect(miId).toHaveCSS("user-select", "all");
    await expect(page.getByRole("button", { name: "Copy Mi Account ID" })).toHaveCount(0);
  });
});

const PAGES = ["/", "/register", "/login", "/forgot", "/resend", "/privacy", "/help", "/no-such-page"];

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("at 320 px no page scrolls sideways, and the footer leads to the policy and help", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of PAGES) {
    await page.goto(path);
    expect(await overflow(page), `${path} fits 320 px`).toBeLessThanOrEqual(0);
  }
  await page.goto("/register");
  await submitAndWait(page, button(page, "Create Mi Account"));
  expect(await overflow(page), "step 1 with errors fits 320 px").toBeLessThanOrEqual(0);

  const footer = page.getByRole("contentinfo");
  await footer.getByRole("link", { name: "Help" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Help" })).toBeVisible();
  await expect(page).toHaveTitle("Help · Mi Account");
  await footer.getByRole("link", { name: "Privacy Policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy Policy" })).toBeVisible();
});

/** Step 1 done for `email`, and step 2 shown with its password typed twice (the captcha left to the test). */
async function toStep2WithPassword(page: Page, email: string) {
  await page.goto("/register");
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  await captchaShown(page);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
}

// Issue 21, point 8 and finding 14: after "Verify another way" focus fell to the page body, and the status line
// could say "done" while the form then answered "Too many attempts".
test("'Verify another way' moves focus to its status line, which says done when the form will take it", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await toStep2WithPassword(page, email);

  const status = page.getByRole("main").getByRole("status").filter({ hasText: /browser/ });
  await button(page, "Can't see the image? Verify another way").press("Enter");
  await expect(status).toBeFocused();
  // Going back to the image puts focus on its code field; choosing the stand-in again, on the status line.
  await button(page, "Show the image again").press("Enter");
  await expect(page.getByLabel("Code in the image")).toBeFocused();
  await button(page, "Can't see the image? Verify another way").press("Enter");
  await expect(status).toBeFocused();
  await expect(status).toHaveText("Done: your browser has been checked. You can submit the form.", { timeout: 45_000 });

  await submitAndWait(page, button(page, "Submit"));
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await activateFromMail(page, email);
});

// Issue 21, finding 14: a submit pressed before the background proof of work was done showed nothing until it went.
test("a submit pressed before the background check is done says so at once, then goes by itself", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  // The page's challenge is held back until the submit has been pressed, so the work cannot be done before it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/captcha/challenge?**", async (route) => {
    await held;
    await route.continue();
  });
  await toStep2WithPassword(page, email);
  await page.getByLabel("Code in the image").fill(CAPTCHA);

  const submit = page.getByRole("main").locator("button[type=submit]");
  await submit.click();
  await expect(submit).toHaveText("Checking your browser…");
  await expect(submit).toHaveAttribute("aria-busy", "true");
  await expect(submit).toBeDisabled();
  await expect(page).toHaveURL(/\/register\/password$/);

  release();
  await expect(page).toHaveURL(/\/register\/check-email$/);
});
