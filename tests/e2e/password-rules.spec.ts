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
