import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test, type Page, type TestInfo } from "../e2e/fixtures";
import {
  ACTIVATION_SUBJECT,
  button,
  CAPTCHA,
  captchaShown,
  PASSWORD,
  signIn,
  submitAndWait,
} from "../e2e/helpers";
import { activationLinkFrom, waitForMail } from "../e2e/mail";

// `npm run screenshots` (playwright.screenshots.config.ts): the sign-up journey once per project (desktop and
// phone) against the production build, with a picture of every step written to docs/screenshots/ as
// `NN-step-<project>.png`. Every run starts with a fresh database, so the addresses can be fixed.

const OUT = resolve(__dirname, "../../docs/screenshots");
const EMAIL = { desktop: "ada.lovelace@example.com", phone: "grace.hopper@example.com" } as Record<string, string>;
const RESET_SUBJECT = "Reset your Mi Account password";
const NEW_PASSWORD = "Lantern-5520";

/**
 * A full-page picture of the page as it is, at rest: fonts loaded, no animation, no caret, and no control left
 * focused by the typing that came before (its focus ring is the typing's, not the page's).
 */
async function shoot(page: Page, testInfo: TestInfo, name: string, { keepFocus = false } = {}): Promise<void> {
  if (!keepFocus) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({
    path: join(OUT, `${name}-${testInfo.project.name}.png`),
    fullPage: true,
    animations: "disabled",
    caret: "hide",
  });
}

test("sign-up journey, step by step", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  // This project's pictures from earlier runs go first, so a renamed or dropped step leaves none behind.
  mkdirSync(OUT, { recursive: true });
  const suffix = `-${testInfo.project.name}.png`;
  for (const file of readdirSync(OUT)) if (file.endsWith(suffix)) rmSync(join(OUT, file));
  const email = EMAIL[testInfo.project.name];
  if (!email) throw new Error(`No address for project ${testInfo.project.name}`);

  // 01 Step 1 filled in: country (preselected from the en-GB locale), email, privacy consent, offers.
  await page.goto("/register");
  await expect(page.getByText("Step 1 of 2")).toBeVisible();
  await expect(page.getByLabel("Country/Region")).toHaveValue("GB");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("checkbox", { name: "Send me offers and news" }).check();
  const privacy = page.getByRole("checkbox", { name: /Privacy Policy/ });
  await privacy.check();
  await shoot(page, testInfo, "01-register");

  // 02 The same form sent without agreeing to the Privacy Policy: the page's own error, focus where it puts it.
  await privacy.uncheck();
  await submitAndWait(page, button(page, "Create Mi Account"));
  // The field's own error line (an error summary, where there is one, repeats it as a link).
  await expect(page.getByRole("main").locator(".field__error").filter({ hasText: "You need to agree to the Privacy Policy" })).toBeVisible();
  await expect(privacy).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/register$/);
  await shoot(page, testInfo, "02-register-error", { keepFocus: true });

  // 03 Step 2: password, confirmation and the captcha's code, once its image has loaded.
  await privacy.check();
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(page).toHaveURL(/\/register\/password$/);
  await expect(page.getByText(`Creating an account for ${email}`)).toBeVisible();
  await captchaShown(page);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await shoot(page, testInfo, "03-password");

  // 04 Check your email.
  await submitAndWait(page, button(page, "Submit"));
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await expect(page.getByTestId("check-email-address")).toHaveText(email);
  await shoot(page, testInfo, "04-check-email");

  // 05 The activation email as received by the SMTP test inbox, its HTML part rendered in the browser.
  // The mail has no <meta name="viewport">, so a mobile-emulating tab would lay it out 980 px wide and shrink
  // it; mail apps show it at the screen's width, as a plain (not mobile) tab of the same size and density does.
  // (Contexts made in a test inherit the project's options, hence isMobile spelled out.)
  const mail = await waitForMail(email, ACTIVATION_SUBJECT);
  const mailContext = await browser.newContext({ viewport: page.viewportSize(), isMobile: false, hasTouch: false });
  const mailPage = await mailContext.newPage();
  await mailPage.setContent(mail.html, { waitUntil: "load" });
  await shoot(mailPage, testInfo, "05-activation-email");
  await mailContext.close();

  // 06 The link from the mail: a page with a button, nothing activated yet.
  await page.goto(activationLinkFrom(mail));
  await expect(page.getByRole("heading", { name: "Activate your Mi Account" })).toBeVisible();
  await shoot(page, testInfo, "06-activate");

  // 07 Activated: the new Mi Account ID and the Sign in button.
  await button(page, "Activate account").click();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  await expect(page.getByTestId("mi-account-id")).toHaveText(/^\s*[1-9]\d{9}\s*$/);
  await expect(page.getByTestId("linked-email")).toHaveText(email);
  await shoot(page, testInfo, "07-account-ready");

  // 08 Sign in, filled in.
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await shoot(page, testInfo, "08-sign-in");

  // 09 The account page.
  await signIn(page, email);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await shoot(page, testInfo, "09-account");

  // 10 Forgot password (signed out first), filled in.
  await button(page, "Sign out").click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot$/);
  await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
  await shoot(page, testInfo, "10-forgot-password");

  // 11 The reset link from the mail: choose a new password.
  await submitAndWait(page, button(page, "Send reset link"));
  await expect(page.getByText("If that belongs to a Mi Account", { exact: false })).toBeVisible();
  const resetMail = await waitForMail(email, RESET_SUBJECT);
  const link = /https?:\/\/\S+\/reset\?token=\S+/.exec(resetMail.text)?.[0];
  if (!link) throw new Error(`No reset link in:\n${resetMail.text}`);
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset\/confirm$/);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await shoot(page, testInfo, "11-reset-password");

  // The journey really ends well: the new password is taken.
  await submitAndWait(page, button(page, "Save new password"));
  await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();
});
