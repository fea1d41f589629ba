import { expect, test } from "./fixtures";
import { ACTIVATION_SUBJECT, button, expireResendCooldown, restartResendCooldown, registerToCheckEmail, snap, uniqueEmail } from "./helpers";
import { activationLinkFrom, mailsTo, waitForMail } from "./mail";

// Issue 21, finding 14: once the countdown had run out, the page still said "in 60 seconds".
test("after the countdown the check-email page says the email can be asked for now, no longer in 60 seconds", async ({ page }, testInfo) => {
  await registerToCheckEmail(page, { email: uniqueEmail(testInfo) });
  await page.clock.install();
  await page.reload();
  const main = page.getByRole("main");
  await expect(main).toContainText(/You can ask for another activation email in \d+ seconds?\./);
  // The e2e server sends mail by SMTP: no dev mailbox to point to.
  await expect(page.getByRole("link", { name: "Open the dev mailbox" })).toHaveCount(0);

  await page.clock.fastForward("01:05");
  await expect(page.getByRole("button", { name: "Resend activation email", exact: true })).toBeEnabled();
  await expect(main).toContainText("You can ask for another activation email now.");
  await expect(main).not.toContainText(/in \d+ seconds?/);
});

test("resend waits out its countdown, the server enforces it, and every sent link works until one is used @db", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const first = await waitForMail(email, ACTIVATION_SUBJECT);

  // Right after registering, the button counts down and is disabled, and a reload does not reset that.
  const countdown = page.getByRole("button", { name: /^Resend activation email \(\d+s\)$/ });
  await expect(countdown).toBeDisabled();
  await page.clock.install();
  await page.reload();
  await expect(countdown).toBeDisabled();

  // The browser's clock runs out but the server's has not: an early press is refused, and counts down again.
  await page.clock.fastForward("01:05");
  const resend = page.getByRole("button", { name: "Resend activation email", exact: true });
  await expect(resend).toBeEnabled();
  await restartResendCooldown(email);
  await resend.click();
  await expect(page.getByText(/^Please wait \d+ seconds? before asking for another email\.$/)).toBeVisible();
  await expect(countdown).toBeDisabled();
  await snap(page, testInfo, "resend too early");

  // Once the server's pause is over (moved into the past rather than waited for), the press sends a mail.
  await expireResendCooldown(email);
  await page.clock.fastForward("01:05");
  await resend.click();
  await expect(page.getByText("We've sent the activation email again.")).toBeVisible();
  const second = await waitForMail(email, ACTIVATION_SUBJECT, { after: first });
  await expect(countdown).toBeDisabled();

  // The resend page sends another to a pending address.
  await expireResendCooldown(email);
  await page.goto("/resend");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await button(page, "Send activation email").click();
  await expect(page.getByText("a new link is on its way", { exact: false })).toBeVisible();
  await snap(page, testInfo, "resend page sent");
  const third = await waitForMail(email, ACTIVATION_SUBJECT, { after: second });
  expect(mailsTo(email, ACTIVATION_SUBJECT)).toHaveLength(3);

  // Every link is live until one is used; then they all say the account is active.
  const links = [first, second, third].map(activationLinkFrom);
  expect(new Set(links).size).toBe(3);
  for (const link of links) {
    await page.goto(link);
    await expect(button(page, "Activate account")).toBeVisible();
  }
  await page.goto(links[1]!);
  await button(page, "Activate account").click();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();
  for (const link of [links[0]!, links[2]!]) {
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This account is already active" })).toBeVisible();
    await expect(button(page, "Activate account")).toHaveCount(0);
  }
});

test("the resend page answers the same for an unknown address and sends nothing", async ({ page }, testInfo) => {
  const unknown = uniqueEmail(testInfo, "nobody");
  await page.goto("/resend");
  await page.getByLabel("Email", { exact: true }).fill(unknown);
  await button(page, "Send activation email").click();
  await expect(page.getByText("a new link is on its way", { exact: false })).toBeVisible();

  // A real registration afterwards gets its mail; by then the unknown address would have had one too.
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  await waitForMail(email, ACTIVATION_SUBJECT);
  expect(mailsTo(unknown)).toHaveLength(0);
});
