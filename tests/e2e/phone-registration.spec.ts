import { expectNoAxeViolations } from "./axe";
import { timestampLike } from "../support/database";
import { expect, test, type Page } from "./fixtures";
import { button, fieldError, submitAndWait, submitStep2 } from "./helpers";
import { queryPortalDb } from "./portal-db";
import { codeFromSms, latestSms, smsTo, waitForSms } from "./sms";

// Registration by mobile number (issue 22, point 1), as people walk it: choose "Phone number", type the number in
// the chosen country, choose a password, read the code on the phone (the e2e portal's SMS_URL is the runner's test
// SMSC: tests/e2e/sms.ts) and type it. Counting and races are tests/integration/phone-registration.test.ts's.

test.describe.configure({ timeout: 120_000 });

/** A mobile number no other test uses: as typed in China, as stored, and as the pages show it. */
function uniqueNumber() {
  const digits = String((Date.now() * 1000 + Math.floor(Math.random() * 1000)) % 100_000_000).padStart(8, "0");
  return { typed: `139 ${digits.slice(0, 4)} ${digits.slice(4)}`, e164: `+86139${digits}`, shown: `+86 139 ${digits.slice(0, 4)} ${digits.slice(4)}` };
}

/** The newest code the shared test SMSC received for `e164`, waiting for the first. */
async function codeOnPhone(e164: string): Promise<string> {
  await waitForSms(e164);
  return codeFromSms(latestSms(e164)!.text);
}

/** Step 1 by phone: "Phone number" chosen, China, the landline refused, then the mobile number. */
async function stepOneByPhone(page: Page, number: ReturnType<typeof uniqueNumber>, { axe = false } = {}): Promise<void> {
  await page.goto("/register");
  await page.getByRole("radio", { name: "Phone number" }).check();
  await page.getByLabel("Country/Region").selectOption("CN");
  await page.getByLabel("Mobile phone number").fill("010 1234 5678");
  await page.getByRole("checkbox", { name: /Privacy Policy/ }).check();
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(fieldError(page, "That looks like a landline.")).toBeVisible();
  // The chosen country's calling code beside the field (with JavaScript as soon as it is chosen; without, from the answer).
  await expect(page.getByTestId("register-phone-calling-code")).toHaveText("+86");
  await expect(page.getByLabel("Email", { exact: true })).toBeHidden();
  if (axe) await expectNoAxeViolations(page, "step 1 by phone, with an error");
  await page.getByLabel("Mobile phone number").fill(number.typed);
  await submitAndWait(page, button(page, "Create Mi Account"));
  await expect(page).toHaveURL(/\/register\/password$/);
  await expect(page.getByText(`Creating an account for ${number.shown}`)).toBeVisible();
}

/** Types the texted code as pasted ("123 456") and sees the Mi Account ID and the number. */
async function typeCodeAndSeeMiId(page: Page, number: ReturnType<typeof uniqueNumber>, { axe = false } = {}): Promise<void> {
  await expect(page.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(page.getByTestId("check-phone-number")).toHaveText(number.shown);
  const code = await codeOnPhone(number.e164);
  const field = page.getByLabel("6-digit code");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await expect(field).toHaveAttribute("inputmode", "numeric");
  const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
  await field.fill(wrong);
  await submitAndWait(page, button(page, "Verify"));
  await expect(fieldError(page, "4 tries left.")).toBeVisible();
  if (axe) await expectNoAxeViolations(page, "code page, wrong code");
  await page.getByLabel("6-digit code").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await submitAndWait(page, button(page, "Verify"));
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  await expect(page.getByTestId("mi-account-id")).toHaveText(/^[1-9]\d{9}$/);
  await expect(page.getByTestId("linked-phone")).toHaveText(number.shown);
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
  if (axe) await expectNoAxeViolations(page, "code page, done");
}

test("register by phone: landline refused, code by SMS, Mi Account ID", async ({ page }) => {
  const number = uniqueNumber();
  await stepOneByPhone(page, number, { axe: true });
  await submitStep2(page);
  await expect(page).toHaveURL(/\/register\/check-phone$/);
  await expectNoAxeViolations(page, "code page");
  // The resend countdown runs as on the check-email page.
  await expect(button(page, /^Resend code \(\d+s\)$/)).toBeDisabled();
  await typeCodeAndSeeMiId(page, number, { axe: true });
  // A reload shows the account again, not the form.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("register by phone with plain form posts; a quick resend meets the draft's minute, then the number's", async ({ page }) => {
    const number = uniqueNumber();
    await stepOneByPhone(page, number);
    await submitStep2(page);
    await expect(page).toHaveURL(/\/register\/check-phone$/);

    // The draft's minute, from now by the server's clock however long the test took to get here.
    const at = (ms: number) => new Date(Date.now() + ms);
    const [draft] = await queryPortalDb<{ at: unknown }>('SELECT "lastMailAt" AS "at" FROM "RegistrationDraft" WHERE "phone" = ?', number.e164);
    await queryPortalDb('UPDATE "RegistrationDraft" SET "lastMailAt" = ? WHERE "phone" = ?', timestampLike(draft!.at, at(0)), number.e164);
    await submitAndWait(page, button(page, "Resend code"));
    await expect(page.getByText(/^Please wait \d+ seconds before asking for another code\.$/)).toBeVisible();

    // The draft's minute over, the number's still running: the SMS guard answers, and no second text goes out.
    await queryPortalDb('UPDATE "RegistrationDraft" SET "lastMailAt" = ? WHERE "phone" = ?', timestampLike(draft!.at, at(-2 * 60_000)), number.e164);
    const [cooldown] = await queryPortalDb<{ at: unknown }>('SELECT "expire" AS "at" FROM "RateLimitCounter" WHERE "key" = ?', `sms-cooldown-number:${number.e164}`);
    await queryPortalDb('UPDATE "RateLimitCounter" SET "expire" = ? WHERE "key" = ?', timestampLike(cooldown!.at, at(60_000)), `sms-cooldown-number:${number.e164}`);
    await submitAndWait(page, button(page, "Resend code"));
    await expect(page.getByText(/^A code was sent to this number a moment ago\. Please wait \d+ (seconds?|minutes?) before asking for another\.$/)).toBeVisible();
    await waitForSms(number.e164);
    expect(smsTo(number.e164)).toHaveLength(1);

    await typeCodeAndSeeMiId(page, number);
  });
});
