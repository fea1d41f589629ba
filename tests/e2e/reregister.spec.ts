import { expect, test } from "./fixtures";
import { activateFromMail, ACTIVATION_SUBJECT, ALREADY_REGISTERED_SUBJECT, PASSWORD, refusalMessage, registerToCheckEmail, signIn, snap, submitSignIn, uniqueEmail } from "./helpers";
import { mailsTo, waitForMail } from "./mail";

test("registering an activated address again changes nothing and tells the owner", async ({ browser, page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const miId = await activateFromMail(page, email);

  // Someone else, in another browser, tries the same address with another password.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await registerToCheckEmail(strangerPage, { email, password: "Other-pass-55" });
  await expect(strangerPage.getByTestId("check-email-address")).toHaveText(email);
  await expect(strangerPage.getByText(/spam/)).toBeVisible();
  await snap(strangerPage, testInfo, "check email (address already active)");
  await stranger.close();

  const notice = await waitForMail(email, ALREADY_REGISTERED_SUBJECT);
  expect(notice.text).toMatch(/\/login/);
  expect(notice.text).not.toMatch(/\/activate\?token=/);
  expect(mailsTo(email, ACTIVATION_SUBJECT), "no second activation link").toHaveLength(1);

  await submitSignIn(page, email, "Other-pass-55");
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId("account-mi-id")).toHaveText(miId);
});
