import { expect, test } from "./fixtures";

// A keyboard user reaches the page's own content in one step, and sees where the focus is.

test("the first Tab reaches 'Skip to content', which moves focus past the header", async ({ page }) => {
  await page.goto("/register");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Country/Region")).toBeFocused();
  // The focus ring: a 3 px outline in the darkened brand colour (5:1 against white).
  await expect(page.getByLabel("Country/Region")).toHaveCSS("outline-color", "rgb(168, 67, 0)");
  await expect(page.getByLabel("Country/Region")).toHaveCSS("outline-width", "3px");
});

test("a link that no longer works says so in the page title too", async ({ page }) => {
  await page.goto("/activate?token=" + "A".repeat(43));
  await expect(page).toHaveTitle("This activation link doesn't work · Mi Account");
  await page.goto("/reset?token=" + "A".repeat(43));
  await expect(page).toHaveTitle("This reset link doesn't work · Mi Account");
});
