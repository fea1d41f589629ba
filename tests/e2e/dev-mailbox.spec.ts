import { expectNoAxeViolations } from "./axe";
import { databaseKind } from "@/lib/server/db/url";
import { sql } from "../support/database";
import { expect, test } from "./fixtures";
import { button, CAPTCHA, PASSWORD, seedActiveAccount, submitAndWait, submitSignIn, submitStep1, submitStep2 } from "./helpers";
import { portalSettings, startPortal, type Portal } from "./portal-process";
import { codeFromDevPhone } from "./sms";

// The dev mailbox (/dev/mail) exists only without SMTP_URL, and the dev phone (/dev/sms, issue 22, point 5) beside
// it only without SMS_URL. The e2e app runs with both set, as production does: neither may exist there.

test("the dev mailbox page and its messages are unavailable when SMTP_URL is set", async ({ request }) => {
  for (const path of ["/dev/mail", "/dev/mail/anything"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Dev mailbox");
  }
});

test("the dev phone is unavailable when SMS_URL is set", async ({ request }) => {
  const response = await request.get("/dev/sms");
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain("Dev phone");
});

// One portal of their own, with neither SMTP_URL nor SMS_URL, for both tests below: a portal's start costs CI
// seconds of CPU. The tests run in order in one worker ("default" mode); one failing does not skip the other.
test.describe("a portal with no SMTP_URL and no SMS_URL", () => {
  test.describe.configure({ mode: "default" });

  let settings: Record<string, string>;
  let portal: Portal | undefined;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    // The embedded defaults, the new-device check included (the shared portal runs with it off).
    settings = await portalSettings({ CAPTCHA_TEST_CODE: CAPTCHA, BCRYPT_COST: "4", NEW_DEVICE_CHECK: "on" });
    portal = await startPortal(settings);
  });

  test.afterAll(async () => {
    portal?.process.kill("SIGTERM");
    await portal?.exited;
  });

  // Issue 21, point 14: run locally with no SMTP_URL, nothing in the pages pointed to where the email went.
  test("with no SMTP_URL the check-email page links to the dev mailbox, which holds the activation email", async ({ page }, testInfo) => {
    const email = `dev-mailbox-${testInfo.project.name}-${Date.now()}@example.com`;
    await page.goto(`${portal!.url}/register`);
    await submitStep1(page, { email });
    await submitStep2(page);
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await page.getByRole("link", { name: "Open the dev mailbox" }).click();
    await expect(page).toHaveURL(/\/dev\/mail$/);
    await expect(page.getByRole("heading", { name: "Dev mailbox" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Activate your Mi Account");
    expect(portal!.output()).toContain(`http://localhost:${new URL(portal!.url).port}/dev/mail`);
  });

  test("with no SMS_URL the dev mailbox links to the dev phone, which shows each text with its code", async ({ page }) => {
    // A text as the courier keeps it (sms-transport.ts); the flows that send codes are tested by their own specs.
    const sqlite = databaseKind(settings.DATABASE_URL!) === "sqlite";
    await sql(settings.DATABASE_URL!, 'INSERT INTO "DevSms" ("id", "to", "text", "createdAt") VALUES (?, ?, ?, ?)', "devphone1", "+447700900123", "583920 is your Mi Account sign-in code. It expires in 10 minutes. Never share it.", sqlite ? new Date().toISOString() : new Date());

    await page.goto(`${portal!.url}/dev/mail`);
    await page.getByRole("link", { name: "Open the dev phone" }).click();
    await expect(page).toHaveURL(/\/dev\/sms$/);
    await expect(page.getByRole("heading", { name: "Dev phone" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "+447700900123" }).getByTestId("dev-phone-code")).toHaveText("583920");
    expect(await codeFromDevPhone(portal!.url, "+447700900123")).toBe("583920");
    await expectNoAxeViolations(page, "dev phone");
  });

  // Issue 24, point 4: the password typed in a browser that has never signed in to the account waits for a code
  // mailed to it (here, to the dev mailbox); the browser is remembered after it.
  test("a new browser's sign-in waits for the code mailed to the account, then is remembered", async ({ page }, testInfo) => {
    const email = `new-device-${testInfo.project.name}-${Date.now()}@example.com`;
    await seedActiveAccount({ email, databaseUrl: settings.DATABASE_URL });
    await page.goto(`${portal!.url}/login`);
    await submitSignIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/login\/two-step$/);
    await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
    await expect(page.getByText(`We sent a 6-digit code to n•••@example.com`)).toBeVisible();
    await expectNoAxeViolations(page, "new-device check");

    const row = page.context().request;
    const mailPage = await row.get(`${portal!.url}/dev/mail`);
    const id = /\/dev\/mail\/([^"]+)"/.exec((await mailPage.text()).split(email)[1] ?? "")?.[1];
    expect(id, "the code's mail in the dev mailbox").toBeTruthy();
    const html = await (await row.get(`${portal!.url}/dev/mail/${id}`)).text();
    expect(html).toMatch(/Browser: Chrome on \w+\./);
    const code = />(\d{6})</.exec(html)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.getByLabel("6-digit code").fill(code === "000000" ? "111111" : "000000");
    await submitAndWait(page, button(page, "Verify"));
    await expect(page.getByText("That code isn't right. Type the newest code we sent.").first()).toBeVisible();
    await page.getByLabel("6-digit code").fill(code!);
    await submitAndWait(page, button(page, "Verify"));
    await expect(page).toHaveURL(/\/account$/);

    // Remembered: signed out and in again, the password alone.
    await submitAndWait(page, button(page, "Sign out"));
    // On this portal's sign-in page (submitSignIn would otherwise open the shared portal's).
    await expect(page).toHaveURL(`${portal!.url}/login?signedOut=1`);
    await submitSignIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
  });
});
