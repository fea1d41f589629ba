import { expect, test } from "./fixtures";
import { button, captchaShown, fieldError, PASSWORD, submitAndWait, submitStep1, uniqueEmail } from "./helpers";

// Nothing typed is lost: a refused submit keeps every field as typed with JavaScript (React would otherwise
// clear the form), and every field but the passwords and the captcha without it. Consent stays as left.

test("with JavaScript, a refused step 1 and a wrong captcha keep what was typed", async ({ page }, testInfo) => {
  await page.goto("/register");
  const consent = page.getByRole("checkbox", { name: /Privacy Policy/ });
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await consent.check();
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(fieldError(page, "Enter a valid email address")).toBeVisible();
  await expect(consent).toBeChecked();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");

  await page.getByLabel("Email", { exact: true }).fill(uniqueEmail(testInfo));
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(page).toHaveURL(/\/register\/password$/);
  await captchaShown(page);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByLabel("Code in the image").fill("zzzzz");
  await submitAndWait(page, button(page, "Submit"));
  await expect(fieldError(page, "The code doesn't match the image.")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue(PASSWORD);
  await expect(page.getByLabel("Confirm password")).toHaveValue(PASSWORD);
  await expect(page.getByLabel("Code in the image"), "a used code is cleared for the new image").toHaveValue("");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused step 1 comes back with the email and consent as left, and Back keeps consent", async ({ page }, testInfo) => {
    await page.goto("/register");
    const consent = page.getByRole("checkbox", { name: /Privacy Policy/ });
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await consent.check();
    await button(page, "Create Mi Account").click();
    await expect(fieldError(page, "Enter a valid email address")).toBeVisible();
    await expect(consent).toBeChecked();
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");

    await submitStep1(page, { email: uniqueEmail(testInfo) });
    await expect(page).toHaveURL(/\/register\/password$/);
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(consent).toBeChecked();
  });
});
