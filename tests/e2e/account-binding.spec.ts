import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { button, CAPTCHA, captchaShown, fieldError, PASSWORD, signIn, submitAndWait, uniqueEmail, seedActiveAccount } from "./helpers";
import { waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";
import { codeFromSms, latestSms, waitForSms } from "./sms";

// One account, both ways (issue 22, point 4), as a person does it on the account page: an email account adds a
// phone number with the code texted to it (read from the runner's test SMSC), and a phone account
// adds an email address with the code mailed to it, then removes the phone number, with JavaScript off. The rules and refusals are the integration
// tests' (tests/integration/binding.test.ts).

/** A Chinese mobile number no other test uses: national digits, and E.164. */
function newNumber(): { national: string; e164: string } {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return { national: `138 ${digits.slice(0, 4)} ${digits.slice(4)}`, e164: `+86138${digits}` };
}

/** The code in the newest text the phone got for `e164` (the shared test SMSC), once it is there. */
async function textedCode(e164: string): Promise<string> {
  await waitForSms(e164);
  return codeFromSms(latestSms(e164)!.text);
}

test("an email account adds a phone number with the code texted to it, and sees both", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  await signIn(page, email);
  await expect(page.getByRole("link", { name: "Remove email" })).toHaveCount(0);

  await page.getByRole("link", { name: "Add phone number" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a phone number" })).toBeVisible();
  await page.getByLabel("Country/Region").selectOption("CN");
  // The calling code is isolated left to right (U+2066 … U+2069) in the hint.
  await expect(page.getByText(/Calling code \u2066\+86\u2069\./)).toBeVisible();
  const number = newNumber();
  await page.getByLabel("Mobile number").fill(number.national);
  await page.getByLabel("Current password").fill(PASSWORD);
  await captchaShown(page);
  await expectNoAxeViolations(page, "account binding, check 1");
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await submitAndWait(page, button(page, "Send code"));

  await expect(page).toHaveURL(/\/account\/confirm$/);
  await expect(page.getByTestId("binding-sent-to")).toHaveText(`+86 138 ${number.e164.slice(6, 10)} ${number.e164.slice(10)}`);
  await expect(page.getByLabel("6-digit code")).toHaveAttribute("autocomplete", "one-time-code");
  await expectNoAxeViolations(page, "account binding, check 2");
  await page.getByLabel("6-digit code").fill(await textedCode(number.e164));
  await submitAndWait(page, button(page, "Confirm"));

  await expect(page.getByText("Your phone number is saved.")).toBeVisible();
  await expect(page.getByTestId("account-phone")).toHaveText(`+86 138 ${number.e164.slice(6, 10)} ${number.e164.slice(10)}`);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  // Both are there, so either may go.
  await expect(page.getByRole("link", { name: "Remove email" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Remove phone number" })).toBeVisible();
  await expectNoAxeViolations(page, "account binding, check 3");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a phone account adds an email address with the code mailed to it, then removes the phone number", async ({ page }, testInfo) => {
    // A phone account: registered by email, then made what registration by phone makes (a number, no email).
    const first = uniqueEmail(testInfo, "first");
    const { miId } = await seedActiveAccount({ email: first });
    const number = newNumber();
    await queryPortalDb(`UPDATE "Account" SET "phone" = ?, "email" = NULL, "emailKey" = NULL WHERE "miId" = ?`, number.e164, miId);
    await signIn(page, miId);
    await expect(page.getByTestId("account-phone")).toBeVisible();
    await expect(page.getByRole("link", { name: "Remove phone number" })).toHaveCount(0);

    await page.getByRole("link", { name: "Add email" }).click();
    const address = uniqueEmail(testInfo, "bound");
    await page.getByLabel("Email", { exact: true }).fill(address);
    await page.getByLabel("Current password").fill(PASSWORD);
    await submitAndWait(page, button(page, "Send code"));
    await expect(page).toHaveURL(/\/account\/confirm$/);
    await expect(page.getByTestId("binding-sent-to")).toHaveText(address);

    const mail = await waitForMail(address, "Your Mi Account code");
    const code = mail.text.split("\n")[0]!.trim();
    await page.getByLabel("6-digit code").fill(code === "000000" ? "111111" : "000000");
    await submitAndWait(page, button(page, "Confirm"));
    await expect(fieldError(page, "That code isn't right. Check the email and try again.")).toBeVisible();
    await page.getByLabel("6-digit code").fill(code);
    await submitAndWait(page, button(page, "Confirm"));

    await expect(page.getByText("Your email address is saved.")).toBeVisible();
    await expect(page.getByTestId("account-email")).toHaveText(address);
    await expect(page.getByTestId("account-phone")).toBeVisible();

    // Now either may go: the phone number, with the password; the email then stays, and can no longer be removed.
    await page.getByRole("link", { name: "Remove phone number" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Remove your phone number?" })).toBeVisible();
    await page.getByLabel("Current password").fill(PASSWORD);
    await submitAndWait(page, button(page, "Remove phone number"));
    await expect(page.getByText("Your phone number was removed.")).toBeVisible();
    await expect(page.getByTestId("account-phone")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Add phone number" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Remove email" })).toHaveCount(0);
  });
});
