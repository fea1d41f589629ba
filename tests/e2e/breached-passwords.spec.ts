import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { button, CAPTCHA, fieldError, PASSWORD, seedActiveAccount, signIn, submitAndWait, submitStep1, submitStep2 } from "./helpers";
import { ownInbox } from "./mail";
import { portalSettings, startPortal } from "./portal-process";

// Issue 21, point 11: a password found in the Pwned Passwords corpus is refused at registration, reset and change.
// A portal of the test's own points PWNED_PASSWORDS_URL at a local range server (the machines reach no internet),
// which knows one breached password that the local common-password list does not hold.
const BREACHED = "Velvet-Thunder8";
const BREACH_MESSAGE = "This password has appeared in a data breach, so attackers try it first. Choose a different one.";

async function rangeServer(breached: string) {
  const hash = createHash("sha1").update(breached).digest("hex").toUpperCase();
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(request.url ?? "");
    const prefix = (request.url ?? "").replace("/range/", "");
    const lines = ["003D68EB55068C33ACE09247EE4C639306B:3", "012C192B2F16F82EA0EB9EF18D9D539B0DD:0"];
    if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:4711`);
    response.writeHead(200, { "Content-Type": "text/plain" }).end(lines.join("\r\n"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked, close: () => server.close() };
}

test("a breached password is refused at registration, reset and change, with a clear message", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const range = await rangeServer(BREACHED);
  const inbox = await ownInbox();
  const settings = await portalSettings({ PWNED_PASSWORDS_URL: range.url, SMTP_URL: inbox.url, CAPTCHA_TEST_CODE: CAPTCHA, BCRYPT_COST: "4" });
  const portal = await startPortal(settings);
  const at = (path: string) => `${portal.url}${path}`;
  try {
    const email = `breached-${testInfo.project.name}-${Date.now()}@example.com`;
    await page.goto(at("/register"));
    await submitStep1(page, { email });
    await expect(page).toHaveURL(/\/register\/password$/);
    await submitStep2(page, { password: BREACHED });
    await expect(fieldError(page, BREACH_MESSAGE)).toBeVisible();
    await expect(page).toHaveURL(/\/register\/password$/);
    // Only the hash's first five digits went out.
    expect(range.asked.length).toBeGreaterThan(0);
    for (const path of range.asked) expect(path).toMatch(/^\/range\/[0-9A-F]{5}$/);

    await submitStep2(page, { password: PASSWORD });
    await expect(page).toHaveURL(/\/register\/check-email$/);

    // Change password, on the account page: an active account put straight into the portal's database (activating
    // one through the pages is the journeys' subject, not this test's).
    const active = `breached-active-${testInfo.project.name}-${Date.now()}@example.com`;
    await seedActiveAccount({ email: active, databaseUrl: settings.DATABASE_URL });
    await page.goto(at("/login"));
    await signIn(page, active);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(BREACHED);
    await page.getByLabel("Confirm new password").fill(BREACHED);
    await submitAndWait(page, button(page, "Change password"));
    await expect(fieldError(page, BREACH_MESSAGE)).toBeVisible();
    expect(inbox.mailsTo(active, "Your Mi Account password was changed")).toHaveLength(0);

    // Reset, from a "forgot password" link.
    await page.goto(at("/forgot"));
    await page.getByLabel("Email, phone number or Mi Account ID").fill(active);
    await submitAndWait(page, button(page, "Send reset link"));
    const mail = await inbox.waitForMail(active, "Reset your Mi Account password");
    await page.goto(/https?:\/\/\S+\/reset\?token=\S+/.exec(mail.text)?.[0] ?? "");
    await page.getByLabel("New password", { exact: true }).fill(BREACHED);
    await page.getByLabel("Confirm new password").fill(BREACHED);
    await submitAndWait(page, button(page, "Save new password"));
    await expect(fieldError(page, BREACH_MESSAGE)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your password was changed" })).toHaveCount(0);
  } finally {
    portal.process.kill("SIGTERM");
    await portal.exited;
    range.close();
    await inbox.close();
  }
});
