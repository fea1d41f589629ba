import { expect, test } from "./fixtures";
import { ACTIVATION_SUBJECT, fieldError, PASSWORD, refusalMessage, snap, submitSignIn, submitStep1, submitStep2, uniqueEmail } from "./helpers";
import { mailsTo, waitForMail } from "./mail";

test("mismatched and weak passwords are refused and register nothing", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await page.goto("/register");
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);

  await submitStep2(page, { password: PASSWORD, confirmPassword: "Orange-7392" });
  await expect(fieldError(page, "The passwords don't match.")).toBeVisible();
  await expect(page.getByLabel("Confirm password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/register\/password$/);
  await snap(page, testInfo, "passwords don't match");

  await submitStep2(page, { password: "abcdefgh" });
  await expect(fieldError(page, "Mix at least two of: letters, digits, symbols.")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await snap(page, testInfo, "password one kind");

  await submitStep2(page, { password: "short1" });
  await expect(fieldError(page, "Use 8 to 16 characters.")).toBeVisible();
  await expect(fieldError(page, "Mix at least two of: letters, digits, symbols.")).toHaveCount(0);

  // Nothing is cut silently: a 28-character password stays as pasted and is refused with the rule's message.
  const long = "Orange-7391-Orange-7391-Abcd";
  await page.getByLabel("Password", { exact: true }).fill(long);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue(long);
  await submitStep2(page, { password: long });
  await expect(fieldError(page, "Use 8 to 16 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/register\/password$/);

  // Nothing was registered: the address is unknown to sign-in, whichever password was tried.
  await submitSignIn(page, email, "abcdefgh");
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await submitSignIn(page, email, PASSWORD);
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");

  // The wizard still holds step 1: a good password now registers, and that is the only mail.
  await page.goto("/register/password");
  await submitStep2(page);
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await waitForMail(email, ACTIVATION_SUBJECT);
  expect(mailsTo(email)).toHaveLength(1);
});

// Issue 21, point 11: "password123" used to tick every line, then the server refused it as too common. The line
// "Not a commonly used password" now asks the server by hash prefix (k-anonymity): neither the password nor the
// list crosses.
test("the checklist says live whether a password is too common, sending only a hash prefix", async ({ page }, testInfo) => {
  await page.goto("/register");
  await submitStep1(page, { email: uniqueEmail(testInfo) });
  await expect(page).toHaveURL(/\/register\/password$/);
  const asked: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/password-check/")) asked.push(new URL(request.url()).pathname);
  });
  const item = (text: string) => page.getByTestId("password-checklist").getByRole("listitem").filter({ hasText: text });
  const common = item("Not a commonly used password");
  await expect(common).toHaveAttribute("data-met", "false");

  const answered = page.waitForResponse((response) => response.url().includes("/password-check/"));
  await page.getByLabel("Password", { exact: true }).fill("Password123");
  await page.getByLabel("Confirm password").fill("Password123");
  await answered;
  for (const line of ["8–16 characters", "At least two of", "The same password in both fields"]) await expect(item(line)).toHaveAttribute("data-met", "true");
  await expect(common).toHaveAttribute("data-met", "false");
  await expect(common).toContainText("not yet");

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await expect(common).toHaveAttribute("data-met", "true");
  expect(asked.length).toBeGreaterThan(0);
  for (const path of asked) expect(path).toMatch(/^\/password-check\/[0-9A-F]{5}$/);
  await snap(page, testInfo, "common password line met");

  // The server still decides: the common one is refused on submit, with its message.
  await submitStep2(page, { password: "Password123" });
  await expect(fieldError(page, "This password is too common. Choose one that's harder to guess.")).toBeVisible();
});

test("the common-password route answers a bucket, and 400 to anything but a 5-digit hex prefix", async ({ request }) => {
  const bad = await request.get("/password-check/password123");
  expect(bad.status()).toBe(400);
  const good = await request.get("/password-check/CBFDA");
  expect(good.status()).toBe(200);
  // SHA-1 of "password123" is CBFDA C6008F9CAB4083784CBD1874F76618D2A97.
  expect(((await good.json()) as { suffixes: string[] }).suffixes).toContain("C6008F9CAB4083784CBD1874F76618D2A97");
});
