import { expect, test } from "@playwright/test";
import {
  ACTIVATION_SUBJECT,
  activateFromMail,
  button,
  expireResendCooldown,
  PASSWORD,
  registerToCheckEmail,
  snap,
  submitSignIn,
  uniqueEmail,
} from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";

test("signing in before activation says so and can resend the activation email", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const first = await waitForMail(email, ACTIVATION_SUBJECT);

  // A wrong password never reveals that the account exists, let alone that it is pending.
  await submitSignIn(page, email, "Wrong-pass-1");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect account or password.");
  await expect(page.getByRole("button", { name: "Resend activation email" })).toHaveCount(0);

  await submitSignIn(page, email, PASSWORD);
  await expect(page.getByText("This account hasn't been activated yet.", { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  const resend = button(page, "Resend activation email");
  await expect(resend).toBeVisible();
  await snap(page, testInfo, "sign in not activated");

  // The per-account pause between activation emails is a minute; move it into the past rather than wait.
  expireResendCooldown(email);
  await resend.click();
  await expect(page.getByText("a new link is on its way", { exact: false })).toBeVisible();
  const second = await waitForMail(email, ACTIVATION_SUBJECT, { after: first });
  expect(activationLinkFrom(second)).not.toBe(activationLinkFrom(first));
  expect(mailsTo(email, ACTIVATION_SUBJECT)).toHaveLength(2);

  await activateFromMail(page, email, first);
});

test("wrong password and unknown account get the same answer", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await activateFromMail(page, email);

  await submitSignIn(page, email, "Wrong-pass-1");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect account or password.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email or Mi Account ID"), "the identifier is kept").toHaveValue(email);
  await snap(page, testInfo, "sign in wrong password");

  await submitSignIn(page, uniqueEmail(testInfo, "nobody"), PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect account or password.");
  await submitSignIn(page, "1234567890", PASSWORD);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Incorrect account or password.");
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
});
