import { expect, test } from "./fixtures";
import { activateFromMail, ACTIVATION_SUBJECT, button, CAPTCHA, fieldError, PASSWORD, registerToCheckEmail, snap, uniqueEmail } from "./helpers";
import { activationLinkFrom, waitForMail } from "./mail";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("register (both steps) and activate with plain form posts", async ({ page }, testInfo) => {
    const email = uniqueEmail(testInfo);
    await page.goto("/");
    await page.getByRole("banner").getByRole("link", { name: "Register" }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.getByLabel("Country/Region")).toHaveValue("GB");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("checkbox", { name: /Privacy Policy/ }).check();
    await button(page, "Create Mi Account").click();

    await expect(page).toHaveURL(/\/register\/password$/);
    await expect(page.getByText(`Creating an account for ${email}`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Show" }), "no script-only controls").toHaveCount(0);
    const image = page.getByRole("img", { name: /Captcha/ });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // A wrong code is answered by a full page too.
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByLabel("Code in the image").fill("zzzzz");
    await button(page, "Submit").click();
    await expect(fieldError(page, "The code doesn't match the image.")).toBeVisible();
    await snap(page, testInfo, "no-js wrong captcha");

    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByLabel("Code in the image").fill(CAPTCHA);
    await button(page, "Submit").click();
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await expect(page.getByTestId("check-email-address")).toHaveText(email);
    // Nothing counts down without JavaScript: the text says when the button will work, the label stays plain.
    await expect(page.getByText(/^You can ask for another activation email in \d+ seconds\.$/)).toBeVisible();
    await expect(button(page, "Resend activation email")).toBeEnabled();
    await snap(page, testInfo, "no-js check email");

    await page.goto(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
    await expect(button(page, "Activate account")).toBeVisible();
    await button(page, "Activate account").click();
    await snap(page, testInfo, "no-js after pressing Activate account");
    await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
    const miId = (await page.getByTestId("mi-account-id").textContent())?.trim() ?? "";
    expect(miId).toMatch(/^[1-9]\d{9}$/);
    await expect(page.getByTestId("linked-email")).toHaveText(email);
    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test("sign in, see the account page and sign out with plain form posts", async ({ browser, page }, testInfo) => {
    // The account is made and activated in a browser with JavaScript, so this test covers sign-in alone.
    const email = uniqueEmail(testInfo);
    const withScript = await browser.newContext({ javaScriptEnabled: true });
    const setup = await withScript.newPage();
    await registerToCheckEmail(setup, { email });
    const miId = await activateFromMail(setup, email);
    await withScript.close();

    await page.goto("/login");
    await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("Wrong-pass-1");
    await button(page, "Sign in").click();
    await expect(page.getByText("Incorrect account or password.")).toBeVisible();

    await page.getByLabel("Email, phone number or Mi Account ID").fill(miId);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await button(page, "Sign in").click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-mi-id")).toHaveText(miId);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await snap(page, testInfo, "no-js account");

    await button(page, "Sign out").click();
    await expect(page).toHaveURL(/\/login\?signedOut=1$/);
    await expect(page.getByText("You've signed out.")).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$|\/login\?next=\/account$/);
  });
});
