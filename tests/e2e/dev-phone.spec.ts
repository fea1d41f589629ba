import AxeBuilder from "@axe-core/playwright";
import { databaseKind } from "@/lib/server/db/url";
import { sql } from "../support/database";
import { expect, test } from "./fixtures";
import { portalSettings, startPortal } from "./portal-process";
import { codeFromDevPhone } from "./sms";

// Issue 22, point 5: the dev phone (/dev/sms) exists only without SMS_URL, beside the dev mailbox.

test("the dev phone is unavailable when SMS_URL is set", async ({ request }) => {
  const response = await request.get("/dev/sms");
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain("Dev phone");
});

test("with no SMS_URL the dev mailbox links to the dev phone, which shows each text with its code", async ({ page }) => {
  test.setTimeout(120_000);
  const settings = await portalSettings({ BCRYPT_COST: "4" });
  const portal = await startPortal(settings);
  try {
    // A text as the courier keeps it (sms-transport.ts); the flows that send codes are tested by their own specs.
    const sqlite = databaseKind(settings.DATABASE_URL!) === "sqlite";
    await sql(settings.DATABASE_URL!, 'INSERT INTO "DevSms" ("id", "to", "text", "createdAt") VALUES (?, ?, ?, ?)', "devphone1", "+447700900123", "583920 is your Mi Account sign-in code. It expires in 10 minutes. Never share it.", sqlite ? new Date().toISOString() : new Date());

    await page.goto(`${portal.url}/dev/mail`);
    await page.getByRole("link", { name: "Open the dev phone" }).click();
    await expect(page).toHaveURL(/\/dev\/sms$/);
    await expect(page.getByRole("heading", { name: "Dev phone" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "+447700900123" }).getByTestId("dev-phone-code")).toHaveText("583920");
    expect(await codeFromDevPhone(portal.url, "+447700900123")).toBe("583920");
    const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
  } finally {
    portal.process.kill("SIGTERM");
    await portal.exited;
  }
});
