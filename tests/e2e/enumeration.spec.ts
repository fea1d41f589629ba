import { expect, test, type Page } from "./fixtures";
import { button, errorSummary, registerToCheckEmail, submitSignIn, uniqueEmail } from "./helpers";

// No page may tell whether an address has an account. (Response times are compared by `npm run bench`,
// which prints the medians; tests assert no timings.)

/** The visible text of the page's main content after a form post, with the typed address blanked. */
async function answerOf(page: Page, email: string): Promise<string> {
  const text = (await page.getByRole("main").innerText()).replaceAll(email, "<email>");
  return text.replace(/\s+/g, " ").trim();
}

test("the resend page answers the same for a pending account and an unknown address", async ({ page }, testInfo) => {
  const pending = uniqueEmail(testInfo, "pending");
  await registerToCheckEmail(page, { email: pending });
  const answers: string[] = [];
  for (const email of [pending, uniqueEmail(testInfo, "unknown")]) {
    await page.goto("/resend");
    await page.getByLabel("Email").fill(email);
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await button(page, "Send activation email").click();
    expect((await response).status()).toBe(200);
    await expect(page.getByRole("main").getByRole("status")).toBeVisible();
    await expect(button(page, "Send activation email")).toBeEnabled();
    answers.push(await answerOf(page, email));
  }
  expect(answers[0]).toContain("If that address belongs to an account waiting for activation");
  expect(answers[1]).toBe(answers[0]);
});

test("sign-in answers the same for a wrong password and an unknown account", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "known");
  await registerToCheckEmail(page, { email });
  const answers: string[] = [];
  for (const identifier of [email, uniqueEmail(testInfo, "unknown")]) {
    await page.goto("/login");
    await submitSignIn(page, identifier, "Wrong-pass-1");
    await expect(errorSummary(page)).toBeVisible();
    await expect(button(page, "Sign in")).toBeEnabled();
    answers.push(await answerOf(page, identifier));
  }
  expect(answers[0]).toContain("Incorrect account or password.");
  expect(answers[1]).toBe(answers[0]);
});
