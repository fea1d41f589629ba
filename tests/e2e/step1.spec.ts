import { expect, test } from "./fixtures";
import { button, fieldError, snap, submitStep1, uniqueEmail } from "./helpers";

test("step 1 needs consent to the Privacy Policy and keeps what was typed", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await page.goto("/register");
  await submitStep1(page, { email, country: "ES", privacy: false });
  await expect(fieldError(page, "You need to agree to the Privacy Policy")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
  await expect(page.getByLabel("Country/Region")).toHaveValue("ES");
  await expect(page.getByRole("checkbox", { name: /Privacy Policy/ })).toHaveAttribute("aria-invalid", "true");
  await snap(page, testInfo, "privacy not agreed");
});

test("step 1 refuses an invalid email", async ({ page }, testInfo) => {
  await page.goto("/register");
  await submitStep1(page, { email: "not-an-email" });
  await expect(fieldError(page, "Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await snap(page, testInfo, "invalid email");

  await page.getByLabel("Email", { exact: true }).fill("");
  await button(page, "Create Mi Account").click();
  await expect(fieldError(page, "Enter your email address.")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});

test("Back from step 2 returns to step 1 with the email, country and offers kept", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await page.goto("/register");
  await submitStep1(page, { email, country: "ES" });
  await expect(page).toHaveURL(/\/register\/password$/);
  await expect(page.getByText(`Creating an account for ${email}`)).toBeVisible();

  await page.getByRole("link", { name: "Back" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByText("Step 1 of 2")).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
  await expect(page.getByLabel("Country/Region")).toHaveValue("ES");
  await expect(page.getByRole("checkbox", { name: "Send me offers and news" })).toBeChecked();

  // Changing the email there carries on to step 2 with the new address.
  const changed = uniqueEmail(testInfo, "changed");
  await submitStep1(page, { email: changed, country: "ES" });
  await expect(page.getByText(`Creating an account for ${changed}`)).toBeVisible();
});
