import { join, resolve } from "node:path";
import ar from "@/lib/shared/i18n/messages/ar.json";
import es from "@/lib/shared/i18n/messages/es.json";
import { expect, test, type Page, type TestInfo } from "../e2e/fixtures";
import { CAPTCHA, captchaShown, PASSWORD } from "../e2e/helpers";
import { waitForMail } from "../e2e/mail";

// The journey's main steps in Spanish and in Arabic (right to left), desktop and phone, for the README:
// `<lang>-NN-step-<project>.png` in docs/screenshots/. Runs after journey.shots.ts, which clears the folder.

const OUT = resolve(__dirname, "../../docs/screenshots");

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT, `${name}-${testInfo.project.name}.png`), fullPage: true, animations: "disabled", caret: "hide" });
}

for (const { code, m, browserLocale } of [
  { code: "es", m: es, browserLocale: "es-ES" },
  { code: "ar", m: ar, browserLocale: "ar-EG" },
] as const) {
  test(`the journey in ${code}`, async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ ...testInfo.project.use, locale: browserLocale });
    const page = await context.newPage();
    const email = `${code}.${testInfo.project.name}@example.com`;
    await page.goto("/register");
    await page.getByLabel(m.register.country, { exact: true }).selectOption(code === "es" ? "ES" : "EG");
    await page.getByLabel(m.register.email, { exact: true }).fill(email);
    await page.getByRole("main").getByRole("checkbox").first().check();
    await shoot(page, testInfo, `${code}-01-register`);
    await page.getByRole("main").getByRole("button", { name: m.register.submitStep1, exact: true }).click();
    await expect(page).toHaveURL(/\/register\/password$/);
    await captchaShown(page);
    await page.getByLabel(m.register.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(m.register.confirmPassword, { exact: true }).fill(PASSWORD);
    await page.getByLabel(m.fields.captcha.label, { exact: true }).fill(CAPTCHA);
    await shoot(page, testInfo, `${code}-02-password`);
    await page.getByRole("main").getByRole("button", { name: m.register.submitStep2, exact: true }).click();
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await shoot(page, testInfo, `${code}-03-check-email`);
    const mail = await waitForMail(email, m.emails.activation.subject);
    const link = /https?:\/\/\S+\/activate\?\S+/.exec(mail.text)?.[0] ?? "";
    await page.setContent(mail.html);
    await shoot(page, testInfo, `${code}-04-activation-email`);
    await page.goto(link);
    await page.getByRole("main").getByRole("button", { name: m.activate.button, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.activate.doneTitle);
    await shoot(page, testInfo, `${code}-05-account-ready`);
    await context.close();
  });
}
