import { expect, test } from "./fixtures";
import { activateFromMail, ACTIVATION_SUBJECT, button, CAPTCHA, captchaShown, expireResendCooldown, fieldError, PASSWORD, refusalMessage, registerToCheckEmail, snap, submitSignIn, uniqueEmail, seedActiveAccount } from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";

test("before activation a sign-in is refused like a wrong password, and the registering browser can resend the email", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const first = await waitForMail(email, ACTIVATION_SUBJECT);

  // The right password of a pending account gets a wrong password's words (issue 21: anyone may register an
  // address with a password of their own); every refusal says how an account starts working, and this browser,
  // which registered the address, is offered the email again.
  for (const password of ["Wrong-pass-1", PASSWORD]) {
    await submitSignIn(page, email, password);
    await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
    await expect(page.getByText("Your account works once you've opened the link in the activation email.")).toBeVisible();
    await expect(page.getByText("You signed up with this address in this browser.", { exact: false })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  }
  const resend = button(page, "Resend activation email");
  await expect(resend).toBeVisible();
  await snap(page, testInfo, "sign in not activated");

  // The per-account pause between activation emails is a minute; move it into the past rather than wait.
  await expireResendCooldown(email);
  await resend.click();
  await expect(page.getByText("a new link is on its way", { exact: false })).toBeVisible();
  const second = await waitForMail(email, ACTIVATION_SUBJECT, { after: first });
  expect(activationLinkFrom(second)).not.toBe(activationLinkFrom(first));
  expect(mailsTo(email, ACTIVATION_SUBJECT)).toHaveLength(2);

  await activateFromMail(page, email, first);
});

test("wrong password and unknown account get the same answer, and three failures ask for the captcha @db", async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });

  await submitSignIn(page, email, "Wrong-pass-1");
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email, phone number or Mi Account ID"), "the identifier is kept").toHaveValue(email);
  await snap(page, testInfo, "sign in wrong password");

  await submitSignIn(page, uniqueEmail(testInfo, "nobody"), PASSWORD);
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await submitSignIn(page, "1234567890", PASSWORD);
  await expect(refusalMessage(page)).toHaveText("Incorrect account or password.");
  await expect(page).toHaveURL(/\/login$/);

  // Three failures from this address: from now on the form asks for the code in a captcha image too, and
  // the right password alone is not enough.
  await expect(page.getByLabel("Code in the image")).toBeVisible();
  await submitSignIn(page, email, PASSWORD);
  await expect(fieldError(page, "Type the code in the image.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await snap(page, testInfo, "sign in asks for a captcha");

  // Issue 21: a new visit from this address shows the captcha before the first submit, whatever is typed next,
  // and one captcha is enough.
  await page.goto("/login");
  await expect(page.getByLabel("Code in the image")).toBeVisible();
  await captchaShown(page);
  await page.getByLabel("Code in the image").fill(CAPTCHA);
  await submitSignIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);

  // Another address has no failures: its form has no captcha.
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `198.18.${Math.floor(Math.random() * 250)}.${(Date.now() % 250) + 1}` } });
  const other = await elsewhere.newPage();
  await other.goto("/login");
  await expect(other.getByLabel("Email, phone number or Mi Account ID")).toBeVisible();
  await expect(other.getByLabel("Code in the image")).toHaveCount(0);
  await elsewhere.close();
});

test("after sign-in only a same-site return path is followed", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await seedActiveAccount({ email });
  for (const next of ["//evil.example/account", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await submitSignIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
    await page.context().clearCookies();
  }
  // A same-site path is honoured: a signed-out visit to /account comes back there after sign-in.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitSignIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
});

// A return path is resolved before it is trusted: "/.//host" and "/a/..//host" become "//host" in a browser.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("dot segments in the return path cannot lead off the site", async ({ page }, testInfo) => {
      const email = uniqueEmail(testInfo);
      await registerToCheckEmail(page, { email });
      await activateFromMail(page, email);
      const origin = new URL(page.url()).origin;
      const paths = ["/.//evil.example/path", "/a/..//evil.example/path", "/%2e//evil.example/path", "/a/%2e%2e//evil.example"];
      for (const next of [...paths, "/register/../account"]) {
        await page.context().clearCookies();
        await page.goto(`/login?next=${encodeURIComponent(next)}`);
        await submitSignIn(page, email, PASSWORD);
        await expect(page, next).toHaveURL(`${origin}/account`);
      }
    });
  });
}
