import { expect, test, type Page } from "./fixtures";
import { activateFromMail, button, PASSWORD, refusalMessage, registerToCheckEmail, signIn, submitAndWait, submitSignIn, uniqueEmail } from "./helpers";
import { waitForMail } from "./mail";

// Forgot password, the whole way: the request, the email from the SMTP test inbox, the new password; then the
// old password fails, the new one works, and a session in a second browser is over.

const RESET_SUBJECT = "Reset your Mi Account password";
const backToSignIn = (page: Page) => page.getByRole("main").getByRole("link", { name: "Back to sign in" });
const NEW_PASSWORD = "Lantern-5520";

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("forgot password: request, email, new password, old one and other sessions gone", async ({ page, browser }, testInfo) => {
      const email = uniqueEmail(testInfo);
      await registerToCheckEmail(page, { email });
      await activateFromMail(page, email);

      const elsewhere = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${(Date.now() % 200) + 30}` } });
      const other = await elsewhere.newPage();
      await signIn(other, email);

      await page.goto("/login");
      await page.getByRole("link", { name: "Forgot password?" }).click();
      await expect(page).toHaveURL(/\/forgot$/);
      // A way back for someone who remembers after all (issue 21: there was none on forgot and reset).
      await expect(backToSignIn(page)).toHaveAttribute("href", "/login");
      await page.getByLabel("Email, phone number or Mi Account ID").fill(email);
      await submitAndWait(page, button(page, "Send reset link"));
      await expect(page.getByText("If that belongs to a Mi Account", { exact: false })).toBeVisible();

      const mail = await waitForMail(email, RESET_SUBJECT);
      const link = /https?:\/\/\S+\/reset\?token=\S+/.exec(mail.text)?.[0] ?? "";
      await page.goto(link);
      await expect(page).toHaveURL(/\/reset\/confirm$/);
      await expect(backToSignIn(page)).toHaveAttribute("href", "/login");
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
      await submitAndWait(page, button(page, "Save new password"));
      await expect(page.getByRole("heading", { name: "Your password was changed" })).toBeVisible();

      await other.goto("/account");
      await expect(other).toHaveURL(/\/login/);
      await elsewhere.close();

      await submitSignIn(page, email, PASSWORD);
      await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
      await signIn(page, email, NEW_PASSWORD);

      // The link worked once; used, or tampered with, it says so and offers a new one.
      for (const dead of [link, link.slice(0, -2) + (link.endsWith("AA") ? "BB" : "AA")]) {
        await page.goto(dead);
        await expect(page.getByRole("heading", { name: "This reset link doesn't work" })).toBeVisible();
        await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
        await expect(backToSignIn(page)).toHaveAttribute("href", "/login");
      }
    });
  });
}
