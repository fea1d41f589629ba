import { postSignIn } from "./action-post";
import { axeViolations, expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import {
  ACTIVATION_SUBJECT,
  button,
  CAPTCHA,
  captchaShown,
  expireResendCooldown,
  fieldError,
  refusalMessage,
  PASSWORD,
  registerToCheckEmail,
  restartResendCooldown,
  seedActiveAccount,
  signIn,
  submitAndWait,
  submitSignIn,
  submitStep1,
  submitStep2,
  uniqueEmail,
} from "./helpers";
import { activationLinkFrom, waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";
import { timestampLike } from "../support/database";

// Every page and state of the portal at desktop width, and every page at phone width: the 320 px walks below, the
// narrowest phone, in the desktop project (repeating every state in the phone project cost CI over a minute and
// found nothing those do not; nor did repeating the home-to-forgot walk there, whose pages the first walk covers),
// checked by axe-core (./axe.ts): no violation of any impact may remain; each check is soft, so one run lists
// every failing state, and each failure says what to fix.

const RESET_SUBJECT = "Reset your Mi Account password";
const NEW_PASSWORD = "Lantern-5520";

// Each test walks a journey with a dozen or more checks, and axe takes seconds on each on a busy machine.
test.describe.configure({ timeout: 180_000 });

/** Moves the expiry of every `table` token of the account with `email` to `when` (the links themselves stay). */
async function setTokenExpiry(table: "ActivationToken" | "PasswordResetToken", email: string, when: Date): Promise<void> {
  const rows = await queryPortalDb<{ tokenHash: string; at: unknown }>(
    `SELECT t."tokenHash" AS "tokenHash", t."expiresAt" AS "at" FROM "${table}" t JOIN "Account" a ON a."id" = t."accountId" WHERE a."email" = ?`,
    email,
  );
  if (rows.length === 0) throw new Error(`No ${table} row for ${email}`);
  for (const row of rows) {
    // Keep whichever representation the app's driver adapter wrote.
    await queryPortalDb(`UPDATE "${table}" SET "expiresAt" = ? WHERE "tokenHash" = ?`, timestampLike(row.at, when), row.tokenHash);
  }
}

// The check itself: a page with faults axe knows (an image with no text, a field with no label) is reported, rule by
// rule, so a check that quietly ran nothing would fail here.
test("the axe check reports a page's faults", async ({ page }) => {
  await page.setContent('<!doctype html><html lang="en"><title>Faults</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>');
  const found = (await axeViolations(page, {})).map((violation) => violation.id).sort();
  expect(found).toEqual(expect.arrayContaining(["image-alt", "label"]));
  expect(await axeViolations(page, { include: "main", rules: ["image-alt"] })).toHaveLength(1);
});

test("home, privacy, help, not found, resend and forgot pages", async ({ page, request }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link", { name: "Register" })).toBeVisible();
  await expectNoAxeViolations(page, "home");

  await page.goto("/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Privacy Policy" })).toBeVisible();
  await expectNoAxeViolations(page, "privacy policy");

  await page.goto("/help");
  await expect(page.getByRole("heading", { level: 1, name: "Help" })).toBeVisible();
  await expectNoAxeViolations(page, "help");

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectNoAxeViolations(page, "404 page");

  // The dev mailbox exists only without SMTP_URL; the e2e server has one, so /dev/mail is the 404 page above.
  expect((await request.get("/dev/mail")).status()).toBe(404);

  await page.goto("/resend");
  await expect(page.getByRole("heading", { name: "Send a new activation email" })).toBeVisible();
  await expectNoAxeViolations(page, "resend: fresh");
  await submitAndWait(page, button(page, "Send activation email"));
  await expect(fieldError(page, "Enter your email address.")).toBeVisible();
  await expectNoAxeViolations(page, "resend: refused (empty email)");
  await page.getByLabel("Email", { exact: true }).fill(uniqueEmail(testInfo, "nobody"));
  await submitAndWait(page, button(page, "Send activation email"));
  await expect(page.getByText("a new link is on its way", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page, "resend: sent");

  await page.goto("/forgot");
  await expect(page.getByLabel("Email, phone number or Mi Account ID")).toBeVisible();
  await expectNoAxeViolations(page, "forgot: fresh");
  await submitAndWait(page, button(page, "Send reset link"));
  await expect(fieldError(page, "Enter your email, phone number or Mi Account ID.")).toBeVisible();
  await expectNoAxeViolations(page, "forgot: refused (empty)");
});

test("registration, check email, activation links in every state", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);

  // Step 1: fresh, then refused with every field wrong (no email, no consent).
  await page.goto("/register");
  await expect(page.getByText("Step 1 of 2")).toBeVisible();
  await expectNoAxeViolations(page, "register step 1: fresh");
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(fieldError(page, "Enter your email address.")).toBeVisible();
  await expect(fieldError(page, "You need to agree to the Privacy Policy")).toBeVisible();
  await expectNoAxeViolations(page, "register step 1: refused (empty email, no consent)");

  // Step 2: fresh with the captcha image, refused (wrong code, passwords that differ), the image's stand-in.
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  await captchaShown(page);
  await expectNoAxeViolations(page, "register step 2: fresh, captcha loaded");
  await submitStep2(page, { password: PASSWORD, confirmPassword: "Orange-7392", captcha: "zzzzz" });
  await expect(page).toHaveURL(/\/register\/password$/);
  await expect(page.getByRole("main").getByText(/The passwords don't match\.|The code doesn't match the image/).first()).toBeVisible();
  await captchaShown(page);
  await expectNoAxeViolations(page, "register step 2: refused (wrong captcha, passwords differ)");
  await page.getByRole("button", { name: "Can't see the image? Verify another way" }).click();
  await expect(page.getByText("Done: your browser has been checked.", { exact: false })).toBeVisible({ timeout: 45_000 });
  await expectNoAxeViolations(page, "register step 2: captcha stand-in (verify another way) done");
  await page.reload(); // a new nonce, so a new image and captcha
  await submitStep2(page);

  // Check your email: fresh (counting down), an early resend refused, a resend sent.
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const first = await waitForMail(email, ACTIVATION_SUBJECT);
  await expectNoAxeViolations(page, "check email: fresh");
  await page.clock.install();
  await page.reload();
  // The countdown has started (the page is hydrated) before the clock jumps: started after the jump, it would count
  // its minute down at the clock's real pace, and the press below wait that minute (it did in four runs of nine here).
  const countdown = page.getByRole("button", { name: /^Resend activation email \(\d+s\)$/ });
  await expect(countdown).toBeDisabled();
  await page.clock.fastForward("01:05");
  const resend = page.getByRole("button", { name: "Resend activation email", exact: true });
  await restartResendCooldown(email);
  await resend.click();
  await expect(page.getByText(/^Please wait \d+ seconds? before asking for another email\.$/)).toBeVisible();
  await expect(countdown).toBeDisabled();
  await expectNoAxeViolations(page, "check email: resend too early");
  await expireResendCooldown(email);
  await page.clock.fastForward("01:05");
  await resend.click();
  await expect(page.getByText("We've sent the activation email again.")).toBeVisible();
  await expectNoAxeViolations(page, "check email: resent");
  const link = activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT, { after: first }));

  // Sign-in before activation is refused like a wrong password; this browser, which registered, is offered the mail again.
  await submitSignIn(page, email, PASSWORD);
  await expect(page.getByText("You signed up with this address in this browser.", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page, "login: account not activated yet");

  // A changed link, then an expired one.
  const changed = new URL(link);
  const token = changed.searchParams.get("token") ?? "";
  changed.searchParams.set("token", token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"));
  await page.goto(changed.toString());
  await expect(page.getByRole("heading", { name: "This activation link doesn't work" })).toBeVisible();
  await expectNoAxeViolations(page, "activation: invalid link");
  await setTokenExpiry("ActivationToken", email, new Date(Date.now() - 60_000));
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This activation link has expired" })).toBeVisible();
  await expectNoAxeViolations(page, "activation: expired link");
  await setTokenExpiry("ActivationToken", email, new Date(Date.now() + 24 * 60 * 60 * 1000));

  // In another browser the link asks for the password chosen at registration; a wrong one is refused.
  const { viewport, isMobile, hasTouch, userAgent, deviceScaleFactor } = testInfo.project.use;
  const elsewhere = await browser.newContext({
    viewport,
    isMobile,
    hasTouch,
    userAgent,
    deviceScaleFactor,
    locale: "en-GB",
    extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${(Date.now() % 200) + 20}` },
  });
  const other = await elsewhere.newPage();
  await other.goto(link);
  await expect(other.getByLabel("Password", { exact: true })).toBeVisible();
  await expectNoAxeViolations(other, "activation in another browser: asks for the password");
  await other.getByLabel("Password", { exact: true }).fill("Not-my-pass-1");
  await submitAndWait(other, button(other, "Activate account"));
  await expect(other.getByText("That's not the password for this link")).toBeVisible();
  await expectNoAxeViolations(other, "activation in another browser: wrong password");
  await elsewhere.close();

  // The link in the registering browser: before the press, after it, and opened again.
  await page.goto(link);
  await expect(button(page, "Activate account")).toBeVisible();
  await expectNoAxeViolations(page, "activation: before the press");
  await button(page, "Activate account").click();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  await expect(page.getByTestId("mi-account-id")).toHaveText(/^[1-9]\d{9}$/);
  await expectNoAxeViolations(page, "activation: account ready, with Mi Account ID");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This account is already active" })).toBeVisible();
  await expectNoAxeViolations(page, "activation: link already used");
});

test("sign in, the account page and its forms, sign out, sign-in refusals, deletion", async ({ page, playwright, baseURL }, testInfo) => {
  // The account is put straight into the database: the registration pages are the test above's.
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  // Signed in on a second device too, so the account page lists devices with their sign-out buttons: the sign-in
  // form posted over plain HTTP, as a browser without JavaScript posts it (no second browser to start and render).
  const elsewhere = await playwright.request.newContext({
    baseURL,
    userAgent: testInfo.project.use.userAgent,
    extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${(Date.now() % 200) + 40}` },
  });
  const signedIn = await postSignIn(elsewhere, baseURL!, { identifier: email, password: PASSWORD });
  expect(signedIn.status()).toBe(303);
  expect(signedIn.headers().location).toMatch(/\/account$/);
  await elsewhere.dispose();

  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectNoAxeViolations(page, "login: fresh");
  await signIn(page, email);

  // The account page, fresh and after each of its forms answered.
  await expect(page.getByTestId("sessions").getByRole("listitem")).toHaveCount(2);
  await expectNoAxeViolations(page, "account: signed in, on two devices");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await submitAndWait(page, button(page, "Change password"));
  await expect(fieldError(page, "The passwords don't match.")).toBeVisible();
  await expectNoAxeViolations(page, "account: password change refused (new passwords differ)");
  await page.getByLabel("Current password").fill("Not-my-pass-1");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Change password"));
  await expect(fieldError(page, "That's not your current password.").first()).toBeVisible();
  await expectNoAxeViolations(page, "account: password change refused (wrong current password)");

  // The seeded account wants no offers: ticking the box changes the choice.
  await page.getByRole("checkbox", { name: "Send me offers and news" }).setChecked(true);
  await submitAndWait(page, button(page, "Save choice"));
  await expect(page.getByText("Your choice is saved.")).toBeVisible();
  await expectNoAxeViolations(page, "account: offers choice saved");

  await submitAndWait(page, button(page, "Sign out all other devices"));
  await expect(page.getByText("Every other device was signed out.")).toBeVisible();
  await expectNoAxeViolations(page, "account: other devices signed out");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Change password"));
  await expect(page.getByText("Your password was changed.", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page, "account: password changed");

  await page.getByRole("main").getByRole("link", { name: "Delete my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delete your Mi Account?" })).toBeVisible();
  await expectNoAxeViolations(page, "account deletion: confirm");
  await page.getByLabel("Password", { exact: true }).fill("Not-my-pass-1");
  await submitAndWait(page, button(page, "Delete my account permanently"));
  await expect(fieldError(page, "That's not your current password.")).toBeVisible();
  await expectNoAxeViolations(page, "account deletion: refused (wrong password)");

  await page.getByRole("link", { name: "Keep my account" }).click();
  await button(page, "Sign out").click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByText("You've signed out.")).toBeVisible();
  await expectNoAxeViolations(page, "login: signed out notice");

  // Sign-in refusals: a wrong password, then (after three failures) a captcha, refused without its code.
  await submitSignIn(page, email, "Wrong-pass-1");
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await expectNoAxeViolations(page, "login: wrong password");
  await submitSignIn(page, email, "Wrong-pass-2");
  await submitSignIn(page, email, "Wrong-pass-3");
  await expect(page.getByLabel("Code in the image")).toBeVisible();
  await captchaShown(page);
  await expectNoAxeViolations(page, "login: asks for a captcha");
  await submitSignIn(page, email, NEW_PASSWORD);
  await expect(fieldError(page, "Type the code in the image.")).toBeVisible();
  await captchaShown(page);
  await expectNoAxeViolations(page, "login: refused without the captcha code");
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await submitSignIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);

  // Deletion.
  await page.goto("/account/delete");
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Delete my account permanently"));
  await expect(page).toHaveURL(/\/account\/deleted$/);
  await expect(page.getByRole("heading", { name: "Your Mi Account was deleted" })).toBeVisible();
  await expectNoAxeViolations(page, "account deleted");
});

test("every page a stranger reaches, at 320 px wide (the footer's language links included)", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/", "/register", "/login", "/forgot", "/resend", "/help", "/privacy", "/no-such-page"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
    await expect(page.getByRole("contentinfo").getByRole("link").first(), `${path}: the footer`).toBeVisible();
    await expectNoAxeViolations(page, `${path}: 320 px`);
  }
});

test("the account page, its menu and the delete confirmation at 320 px wide", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeVisible();
  await expectNoAxeViolations(page, "account: 320 px");
  await page.getByRole("main").getByRole("link", { name: "Delete my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delete your Mi Account?" })).toBeVisible();
  await expectNoAxeViolations(page, "account deletion: confirm, 320 px");
  await submitAndWait(page, button(page, "Delete my account permanently"));
  await expect(fieldError(page, "Enter a password.")).toBeVisible();
  await expectNoAxeViolations(page, "account deletion: refused (no password), 320 px");
});

test("forgot password and the reset link in every state", async ({ page }, testInfo) => {
  // A pending account: the reset activates it too, so the done state shows its Mi Account ID.
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });

  await page.goto("/forgot");
  await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
  await submitAndWait(page, button(page, "Send reset link"));
  await expect(page.getByText("If that belongs to a Mi Account", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page, "forgot: sent");

  const first = await waitForMail(email, RESET_SUBJECT);
  const link = /https?:\/\/\S+\/reset\?token=\S+/.exec(first.text)?.[0] ?? "";
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset\/confirm$/);
  await expect(page.getByLabel("New password", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "reset: fresh");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(`${NEW_PASSWORD}x`);
  await submitAndWait(page, button(page, "Save new password"));
  await expect(fieldError(page, "The passwords don't match.")).toBeVisible();
  await expectNoAxeViolations(page, "reset: refused (passwords differ)");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Save new password"));
  await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();
  await expect(page.getByTestId("mi-account-id")).toHaveText(/^[1-9]\d{9}$/);
  await expectNoAxeViolations(page, "reset: done, account activated too");

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This reset link doesn't work" })).toBeVisible();
  await expectNoAxeViolations(page, "reset: link used");

  await page.goto("/forgot");
  await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
  await submitAndWait(page, button(page, "Send reset link"));
  const second = await waitForMail(email, RESET_SUBJECT, { after: first });
  await setTokenExpiry("PasswordResetToken", email, new Date(Date.now() - 60_000));
  await page.goto(/https?:\/\/\S+\/reset\?token=\S+/.exec(second.text)?.[0] ?? "");
  await expect(page.getByRole("heading", { name: "This reset link has expired" })).toBeVisible();
  await expectNoAxeViolations(page, "reset: link expired");
});
