import { expectNoAxeViolations } from "./axe";
import { expect, test, type Page, type TestInfo } from "./fixtures";
import { button, CAPTCHA, fieldError, PASSWORD, signIn, submitAndWait, seedActiveAccount } from "./helpers";
import { latestSms } from "./sms";

// Issue 22, points 3 and 4: sign in with a phone number and password, sign in "using a text message" with the code
// read from the phone (the e2e portal's test SMSC, tests/e2e/sms.ts), and forgot password by text message. Phone accounts are
// put straight into the database (seedActiveAccount: registration by phone has its own spec).

const NEW_PASSWORD = "Lantern-5520";

let counter = 0;
/** A Chinese mobile number of this test's own, E.164. */
function ownPhone(testInfo: TestInfo): string {
  counter += 1;
  return `+86139${String((Date.now() % 1_000_000) * 100 + testInfo.workerIndex * 10 + counter).slice(-8).padStart(8, "0")}`;
}

async function phoneAccount(_page: Page, testInfo: TestInfo): Promise<string> {
  const phone = ownPhone(testInfo);
  await seedActiveAccount({ phone });
  return phone;
}

/** The newest code the phone got (the shared test SMSC: the outbox worker writes and sends it within a second or two). */
async function codeTexted(phone: string, after = ""): Promise<string> {
  let code = "";
  await expect
    .poll(() => {
      code = /(?<!\d)\d{6}(?!\d)/.exec(latestSms(phone)?.text ?? "")?.[0] ?? "";
      return code !== "" && code !== after;
    }, { timeout: 20_000 })
    .toBe(true);
  return code;
}

/** At 320 px wide the page does not scroll sideways (the country names with their calling codes are long). */
async function expectFitsPhoneWidth(page: Page, label: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect.soft(overflow, `${label} fits 320 px`).toBeLessThanOrEqual(0);
  if (size) await page.setViewportSize(size);
}

const spaced = (e164: string) => `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}`;

test("sign in with a phone number and password, then using a text message", async ({ page }, testInfo) => {
  const phone = await phoneAccount(page, testInfo);

  // The national number, read in the chosen country/region.
  await page.goto("/login");
  await page.getByLabel("Country/region of the number").selectOption({ label: "China (+86)" });
  await signIn(page, phone.slice(3), PASSWORD);
  await page.context().clearCookies();

  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in using a text message" }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await expectNoAxeViolations(page, "/login/code");
  await expectFitsPhoneWidth(page, "/login/code");
  await page.getByLabel("Phone number", { exact: true }).fill(spaced(phone));
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await submitAndWait(page, button(page, "Send code"));
  await expect(page).toHaveURL(/\/login\/code\/sent$/);
  await expect(page.getByText("has a Mi Account, we sent it a code by text message.")).toBeVisible();
  await expect(page.getByTestId("code-number")).toHaveText(spaced(phone));
  // The cooldown is shown on the button.
  await expect(button(page, /Resend code \(\d+s\)/)).toBeDisabled();
  await expectNoAxeViolations(page, "/login/code/sent");
  await expectFitsPhoneWidth(page, "/login/code/sent");

  const code = await codeTexted(phone);
  const field = page.getByLabel("Code from the text message");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await field.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await submitAndWait(page, button(page, "Sign in"));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "My Mi Account" })).toBeVisible();
});

test("forgot password by text message: the number, the captcha, the code, a new password", async ({ page }, testInfo) => {
  const phone = await phoneAccount(page, testInfo);
  await page.goto("/forgot");
  await page.getByLabel("Email, phone number or Mi Account ID").fill(phone);
  await submitAndWait(page, button(page, "Send reset link"));
  // A phone number: the country/region and the captcha come first, and the page says why.
  await expect(page.getByRole("status")).toHaveText(/We'll text a 6-digit code to this number/);
  await expect(page.getByLabel("Country/region of the number")).toBeVisible();
  await expectNoAxeViolations(page, "/forgot with a phone number");
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await submitAndWait(page, button(page, "Send code"));
  await expect(page).toHaveURL(/\/forgot\/code$/);
  await expect(page.getByText("belongs to a Mi Account, we sent it a code by text message", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page, "/forgot/code");

  await page.getByLabel("Code from the text message").fill(await codeTexted(phone));
  await submitAndWait(page, button(page, "Continue"));
  await expect(page).toHaveURL(/\/forgot\/code\/password$/);
  await expectNoAxeViolations(page, "/forgot/code/password");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Save new password"));
  await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();
  await signIn(page, phone, NEW_PASSWORD);
});

test.describe("JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the code page works as a plain form: a wrong code is told, the right one signs in", async ({ page }, testInfo) => {
    const phone = await phoneAccount(page, testInfo);
    await page.goto("/login/code");
    await page.getByLabel("Phone number", { exact: true }).fill(phone);
    await page.getByLabel("Code in the image").fill(CAPTCHA);
    await button(page, "Send code").click();
    await expect(page).toHaveURL(/\/login\/code\/sent$/);
    await expect(page.getByText(/You can ask for a new code in \d+ seconds/)).toBeVisible();
    const code = await codeTexted(phone);
    await page.getByLabel("Code from the text message").fill(code === "000000" ? "111111" : "000000");
    await button(page, "Sign in").click();
    await expect(fieldError(page, "That code isn't right.")).toBeVisible();
    await page.getByLabel("Code from the text message").fill(code);
    await button(page, "Sign in").click();
    await expect(page).toHaveURL(/\/account$/);
  });
});
