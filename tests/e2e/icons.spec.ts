import { expect, test } from "./fixtures";
import { submitStep1, uniqueEmail } from "./helpers";

test("the favicon, app icons and manifest are served, and pages link them", async ({ page, request }) => {
  for (const [path, type] of [["/favicon.ico", "image/"], ["/icon.svg", "image/svg+xml"], ["/icon-192.png", "image/png"], ["/apple-touch-icon.png", "image/png"]]) {
    const response = await request.get(path!);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain(type!);
  }
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(await manifest.json()).toMatchObject({ name: "Mi Account", theme_color: "#ff6900" });
  await page.goto("/");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /favicon\.ico|icon\.svg/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
});

test("step 2 has a title of its own", async ({ page }, testInfo) => {
  await page.goto("/register");
  await expect(page).toHaveTitle("Create Mi Account · Mi Account");
  await submitStep1(page, { email: uniqueEmail(testInfo) });
  await expect(page).toHaveTitle("Create Mi Account: choose a password · Mi Account");
});
