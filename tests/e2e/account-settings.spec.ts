import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "./fixtures";
import { button, fieldError, PASSWORD, refusalMessage, registerToCheckEmail, signIn, submitAndWait, submitSignIn, uniqueEmail, seedActiveAccount } from "./helpers";
import { waitForMail } from "./mail";

// The account page's self-service, as a person uses it: devices, offers, password, data, deletion (a second step).

const NEW_PASSWORD = "Harbour-8812";
// The danger colour of the delete button (--error, white text on it at 5.6:1).
const DANGER_RED = "rgb(198, 40, 40)";

/** What sets a control apart at a glance: its colours and border. */
async function looks(control: Locator) {
  return control.evaluate((element) => {
    const style = getComputedStyle(element);
    return { color: style.color, background: style.backgroundColor, border: style.borderColor };
  });
}

test("a signed-in person manages devices, offers, password and data", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const { miId } = await seedActiveAccount({ email });
  await signIn(page, email);

  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${(Date.now() % 200) + 40}` } });
  const other = await elsewhere.newPage();
  await signIn(other, email);

  // Where you're signed in: two devices; the others are signed out from here.
  await page.reload();
  await expect(page.getByTestId("sessions").getByRole("listitem")).toHaveCount(2);
  await expect(page.getByTestId("sessions")).toContainText("This device");
  await submitAndWait(page, button(page, "Sign out all other devices"));
  await expect(page.getByText("Every other device was signed out.")).toBeVisible();
  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await elsewhere.close();

  // Offers: the choice stays changed.
  await page.getByRole("checkbox", { name: "Send me offers and news" }).uncheck();
  await submitAndWait(page, button(page, "Save choice"));
  await expect(page.getByText("Your choice is saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Send me offers and news" })).not.toBeChecked();

  // Password: the current one first.
  await page.getByLabel("Current password").fill("Not-my-pass-1");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Change password"));
  await expect(fieldError(page, "That's not your current password.")).toBeVisible();
  const sessionCookie = async () => (await page.context().cookies()).find((cookie) => cookie.name.endsWith("mi_session"))!;
  const before = await sessionCookie();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await submitAndWait(page, button(page, "Change password"));
  await expect(page.getByText("Your password was changed.", { exact: false })).toBeVisible();
  await waitForMail(email, "Your Mi Account password was changed");
  // This browser stays signed in under a new session cookie; a copy of the old one signs nobody in.
  expect((await sessionCookie()).value).not.toBe(before.value);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account$/);
  const copy = await browser.newContext();
  await copy.addCookies([before]);
  const stolen = await copy.newPage();
  await stolen.goto("/account");
  await expect(stolen).toHaveURL(/\/login/);
  await copy.close();

  // Data: a JSON file of what the portal holds, from the page's own form (a POST).
  const download = page.waitForEvent("download");
  await button(page, "Download my data").click();
  const data = JSON.parse(readFileSync(await (await download).path(), "utf8"));
  expect(data.account).toMatchObject({ miAccountId: miId, email });
  expect(data.consents.offersAndNews.subscribed).toBe(false);
});

test("deleting takes a second, dangerous-looking step that names what goes; then the account is gone and the address free", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const { miId } = await seedActiveAccount({ email });
  await signIn(page, email);

  const deleteLink = page.getByRole("main").getByRole("link", { name: "Delete my account" });
  expect(await looks(deleteLink), "the delete control looks unlike the other buttons").not.toEqual(await looks(button(page, "Download my data")));
  await deleteLink.click();
  await expect(page).toHaveURL(/\/account\/delete$/);
  await expect(page.getByRole("heading", { level: 1, name: "Delete your Mi Account?" })).toBeVisible();
  const lost = page.getByRole("list", { name: "What is deleted" });
  await expect(lost).toContainText(miId);
  await expect(lost).toContainText(email);
  await expect(lost).toContainText("You'll be signed out on 1 device.");
  const confirm = button(page, "Delete my account permanently");
  await expect(confirm).toHaveCSS("background-color", DANGER_RED);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await submitAndWait(page, confirm);
  await expect(fieldError(page, "That's not your current password.")).toBeVisible();
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "My Mi Account" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Delete my account" }).click();
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await submitAndWait(page, button(page, "Delete my account permanently"));
  await expect(page.getByRole("heading", { name: "Your Mi Account was deleted" })).toBeVisible();
  await waitForMail(email, "Your Mi Account was deleted");
  await submitSignIn(page, email, PASSWORD);
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await registerToCheckEmail(page, { email });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a person downloads their data, then deletes the account through the confirmation page (after keeping it once)", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo);
    const { miId } = await seedActiveAccount({ email });
    await signIn(page, email);

    const download = page.waitForEvent("download");
    await button(page, "Download my data").click();
    expect(JSON.parse(readFileSync(await (await download).path(), "utf8")).account).toMatchObject({ miAccountId: miId, email });

    await page.getByRole("main").getByRole("link", { name: "Delete my account" }).click();
    await expect(page.getByRole("list", { name: "What is deleted" })).toContainText(miId);
    await page.getByRole("link", { name: "Keep my account" }).click();
    await expect(page).toHaveURL(/\/account$/);

    await page.getByRole("main").getByRole("link", { name: "Delete my account" }).click();
    await submitAndWait(page, button(page, "Delete my account permanently"));
    await expect(fieldError(page, "Enter a password.")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await submitAndWait(page, button(page, "Delete my account permanently"));
    await expect(page.getByRole("heading", { name: "Your Mi Account was deleted" })).toBeVisible();
    await waitForMail(email, "Your Mi Account was deleted");
  });
});
