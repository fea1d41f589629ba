import { expect, test } from "./fixtures";
import { CAPTCHA, submitStep1, submitStep2 } from "./helpers";
import { portalSettings, startPortal } from "./portal-process";

// The e2e app runs with SMTP_URL set, as production does: the dev mailbox must not exist there.
test("the dev mailbox page and its messages are unavailable when SMTP_URL is set", async ({ request }) => {
  for (const path of ["/dev/mail", "/dev/mail/anything"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Dev mailbox");
  }
});

// Issue 21, point 14: run locally with no SMTP_URL, nothing in the pages pointed to where the email went.
test("with no SMTP_URL the check-email page links to the dev mailbox, which holds the activation email", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const portal = await startPortal(await portalSettings({ CAPTCHA_TEST_CODE: CAPTCHA, BCRYPT_COST: "4" }));
  try {
    const email = `dev-mailbox-${testInfo.project.name}-${Date.now()}@example.com`;
    await page.goto(`${portal.url}/register`);
    await submitStep1(page, { email });
    await submitStep2(page);
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await page.getByRole("link", { name: "Open the dev mailbox" }).click();
    await expect(page).toHaveURL(/\/dev\/mail$/);
    await expect(page.getByRole("heading", { name: "Dev mailbox" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Activate your Mi Account");
    expect(portal.output()).toContain(`http://localhost:${new URL(portal.url).port}/dev/mail`);
  } finally {
    portal.process.kill("SIGTERM");
    await portal.exited;
  }
});
