import { randomBytes, randomInt } from "node:crypto";
import bcrypt from "bcrypt";
import { sql, timestampLike } from "../support/database";
import { expect, type Locator, type Page, type TestInfo } from "./fixtures";
import { activationLinkFrom, waitForMail, type Mail } from "./mail";
import { queryPortalDb } from "./portal-db";

export const CAPTCHA = process.env.E2E_CAPTCHA_CODE as string;
/** Meets the rule (8–16 characters, letters + digits + symbols) and contains no test address. */
export const PASSWORD = "Orange-7391";
export const ACTIVATION_SUBJECT = "Activate your Mi Account";
export const ALREADY_REGISTERED_SUBJECT = "Someone tried to register with your email";

/** An address no other test (or project, or retry) uses: tests share one app and database. */
export function uniqueEmail(testInfo: TestInfo, tag = ""): string {
  const slug = testInfo.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 24);
  const random = Math.random().toString(36).slice(2, 6);
  return `${slug}${tag ? `-${tag}` : ""}-${testInfo.project.name}-${Date.now()}${random}@example.com`;
}

/** A full-page screenshot attached to the test's report. */
/** A full-page screenshot kept as an artifact: a file under test-results/ and an attachment in the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The page's own submit/plain buttons (in <main>; the header has a "Sign out" of its own once signed in). */
export function button(page: Page, name: string | RegExp) {
  return page.getByRole("main").getByRole("button", { name, exact: typeof name === "string" ? true : undefined });
}

/**
 * The box a refused submit shows at the top of its form (with JavaScript it takes focus): its title, the form's
 * message if any, and a link to each field's error.
 */
export function errorSummary(page: Page) {
  return page.getByRole("main").getByRole("group", { name: "There is a problem" });
}

/** The form-level message of a refusal ("Incorrect account or password."), inside the error summary. */
export function refusalMessage(page: Page) {
  return errorSummary(page).locator(".error-summary__message");
}

/** A field's own error line, under the field (the summary repeats it as a link). */
export function fieldError(page: Page, text: string | RegExp) {
  return page.getByRole("main").locator(".field__error").filter({ hasText: text });
}

/**
 * Clicks a submit button and waits for the server's answer to that POST (a server action call with
 * JavaScript, a form post without), so a repeated message is never mistaken for the answer to this press.
 */
export async function submitAndWait(page: Page, submit: Locator): Promise<void> {
  const answered = page.waitForResponse((response) => response.request().method() === "POST");
  await submit.click();
  await answered;
}

export type Step1 = { email: string; country?: string; privacy?: boolean; offers?: boolean };

/** Fills and submits step 1 on /register (navigates there first unless already on it). */
export async function submitStep1(page: Page, { email, country, privacy = true, offers = true }: Step1): Promise<void> {
  if (new URL(page.url()).pathname !== "/register") await page.goto("/register");
  if (country) await page.getByLabel("Country/Region").selectOption(country);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("checkbox", { name: /Privacy Policy/ }).setChecked(privacy);
  await page.getByRole("checkbox", { name: "Send me offers and news" }).setChecked(offers);
  await submitAndWait(page, button(page, "Create Mi Account"));
}

export type Step2 = { password?: string; confirmPassword?: string; captcha?: string };

/** Fills and submits step 2 on /register/password. */
export async function submitStep2(page: Page, { password = PASSWORD, confirmPassword = password, captcha = CAPTCHA }: Step2 = {}) {
  await captchaShown(page);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(confirmPassword);
  await page.getByLabel("Code in the image").fill(captcha);
  await submitAndWait(page, button(page, "Submit"));
}

/**
 * Waits until the captcha image has loaded, as a person does before typing its code: the image's response is
 * what creates the captcha (and its cookie), so a submit racing it would rightly be refused.
 */
export async function captchaShown(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator("img.captcha__image").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
}

/** Step 1 and step 2, ending on the "Check your email" page. */
export async function registerToCheckEmail(page: Page, options: Step1 & Step2): Promise<void> {
  await page.goto("/register");
  await submitStep1(page, options);
  await expect(page).toHaveURL(/\/register\/password$/);
  await submitStep2(page, options);
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Opens the link of the newest activation mail to `email` and presses Activate; returns the Mi Account ID. */
export async function activateFromMail(page: Page, email: string, after?: Mail): Promise<string> {
  const mail = await waitForMail(email, ACTIVATION_SUBJECT, { after });
  await page.goto(activationLinkFrom(mail));
  await button(page, "Activate account").click();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  const miId = (await page.getByTestId("mi-account-id").textContent())?.trim() ?? "";
  expect(miId).toMatch(/^[1-9]\d{9}$/);
  return miId;
}

/**
 * An active account put straight into the portal's database (epic-stack's seeded user), for tests about what comes
 * after registration: registering through the pages costs seconds a test, and is the journeys' own subject
 * (journey, no-javascript, languages, phone-journey and accessibility.spec's registration walk register through the
 * pages; its reset walk too, for a pending account).
 * It has no audit rows: a test that reads "Account activated" registers as a person does.
 */
export async function seedActiveAccount({
  email,
  phone,
  password = PASSWORD,
  country = "GB",
  locale = "en",
  databaseUrl,
}: {
  email?: string;
  phone?: string;
  password?: string;
  country?: string;
  locale?: string;
  /** Another portal's database (a spec that starts its own); the shared e2e portal's by default. */
  databaseUrl?: string;
}): Promise<{ id: string; miId: string }> {
  const id = `seed${randomBytes(10).toString("hex")}`;
  const miId = String(randomInt(1_000_000_000, 10_000_000_000));
  const now = new Date().toISOString();
  // The e2e portal runs at BCRYPT_COST 4 (playwright.config.ts); the hash says its own cost, so any cost signs in.
  const passwordHash = await bcrypt.hash(password, 4);
  const query = databaseUrl ? (text: string, ...params: unknown[]) => sql(databaseUrl, text, ...params) : queryPortalDb;
  await query(
    `INSERT INTO "Account" ("id", "miId", "email", "emailKey", "phone", "country", "wantsOffers", "passwordHash", "status", "createdAt", "activatedAt", "locale") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
    id, miId, email ?? null, email?.toLowerCase() ?? null, phone ?? null, country, false, passwordHash, now, now, locale,
  );
  return { id, miId };
}

/** Submits the sign-in form (navigates to /login first unless already there). */
export async function submitSignIn(page: Page, identifier: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/login") await page.goto("/login");
  await page.getByLabel("Email, phone number or Mi Account ID").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await submitAndWait(page, button(page, "Sign in"));
}

export async function signIn(page: Page, identifier: string, password = PASSWORD): Promise<void> {
  await submitSignIn(page, identifier, password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "My Mi Account" })).toBeVisible();
}

/**
 * Ends the 60-second pause between activation emails for `email`, both the account's own and that of the
 * registration wizards for it, by moving their "last mailed" times two minutes back in the app's database.
 * The server's clock cannot be faked from a browser, and sleeping a minute per test would be slow.
 */
export async function expireResendCooldown(email: string): Promise<void> {
  await setLastMailed(email, new Date(Date.now() - 2 * 60 * 1000));
}

/**
 * Starts that pause again from now, so an "early" press is early by the server's clock however long the test
 * took to get there (a loaded CI machine can spend the whole minute between sign-up and the press).
 */
export async function restartResendCooldown(email: string): Promise<void> {
  await setLastMailed(email, new Date());
}

async function setLastMailed(email: string, at: Date): Promise<void> {
  const shift = async (table: "Account" | "RegistrationDraft", key: "id" | "idHash", column: string) => {
    const rows = await queryPortalDb<{ key: string; at: unknown }>(`SELECT "${key}" AS "key", "${column}" AS "at" FROM "${table}" WHERE "email" = ?`, email);
    if (rows.length === 0) throw new Error(`No ${table} row for ${email}`);
    for (const row of rows) {
      if (row.at === null) continue;
      // Keep whichever representation the app's driver adapter wrote.
      await queryPortalDb(`UPDATE "${table}" SET "${column}" = ? WHERE "${key}" = ?`, timestampLike(row.at, at), row.key);
    }
  };
  await shift("Account", "id", "activationMailedAt");
  await shift("RegistrationDraft", "idHash", "lastMailAt");
}
