import { expect, test, type Page } from "./fixtures";
import { activateFromMail, button, registerToCheckEmail, signIn, snap, submitAndWait, uniqueEmail } from "./helpers";

// "Sign out everywhere" and the account's recent activity.

function activity(page: Page) {
  return page.getByRole("region", { name: "Recent activity" });
}

test("the account page lists the activation among the recent activity", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await activateFromMail(page, email);
  await signIn(page, email);

  const rows = activity(page).getByRole("row");
  await expect(rows.filter({ hasText: "Account activated" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Account activated" }).locator("time")).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M UTC$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await snap(page, testInfo, "account activity");
});

test("sign out everywhere ends the sessions of every browser", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await activateFromMail(page, email);
  await signIn(page, email);

  const otherDevice = await browser.newContext();
  try {
    const other = await otherDevice.newPage();
    await signIn(other, email);

    await submitAndWait(page, button(page, "Sign out everywhere"));
    await expect(page).toHaveURL(/\/login\?signedOut=1$/);

    // The other browser still holds its cookie, but the session behind it is gone.
    await other.goto("/account");
    await expect(other).toHaveURL(/\/login\?next=%2Faccount$|\/login\?next=\/account$/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$|\/login\?next=\/account$/);
  } finally {
    await otherDevice.close();
  }

  await signIn(page, email);
  await expect(activity(page).getByRole("row").filter({ hasText: "Signed out everywhere" })).toHaveCount(1);
});

test("the header knows who is signed in: the Mi Account ID, a link to the account, and sign out", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const miId = await activateFromMail(page, email);
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, email);
  await page.goto("/");
  await expect(header.getByRole("link", { name: `My Mi Account: ${miId}` })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(header.getByRole("link", { name: "Register" })).toHaveCount(0);
  await header.getByRole("link", { name: `My Mi Account: ${miId}` }).click();
  await expect(page).toHaveURL(/\/account$/);
  await submitAndWait(page, header.getByRole("button", { name: "Sign out" }));
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
});
