import { expect, type Page, test } from "./fixtures";
import { ACTIVATION_SUBJECT, CAPTCHA, fieldError, snap, submitStep1, submitStep2, uniqueEmail } from "./helpers";
import { mailsTo, waitForMail } from "./mail";

const captchaImage = (page: Page) => page.getByRole("img", { name: /Captcha/ });

/** The password field's Show button is rendered only once the page's script runs. */
async function waitForHydration(page: Page) {
  await expect(page.getByRole("button", { name: "Show" }).first()).toBeVisible();
}

test("a wrong captcha is refused with a new image, sends nothing, and the right code then works", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await page.goto("/register");
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  await waitForHydration(page);
  const before = await captchaImage(page).getAttribute("src");

  const wrong = CAPTCHA.slice(0, -1) + (CAPTCHA.endsWith("Z") ? "Y" : "Z");
  await submitStep2(page, { captcha: wrong });
  await expect(fieldError(page, "The code doesn't match the image.")).toBeVisible();
  await expect(page).toHaveURL(/\/register\/password$/);
  await expect(captchaImage(page)).not.toHaveAttribute("src", before ?? "");
  await expect(page.getByLabel("Code in the image")).toHaveAttribute("aria-invalid", "true");
  await snap(page, testInfo, "wrong captcha");

  // The same answer in the wrong case is wrong too (the code is case-sensitive).
  const swapped = [...CAPTCHA].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
  if (swapped !== CAPTCHA) {
    const shown = await captchaImage(page).getAttribute("src");
    await submitStep2(page, { captcha: swapped });
    await expect(captchaImage(page)).not.toHaveAttribute("src", shown ?? "");
    await expect(fieldError(page, "The code doesn't match the image.")).toBeVisible();
    await expect(page).toHaveURL(/\/register\/password$/);
  }

  await submitStep2(page);
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await waitForMail(email, ACTIVATION_SUBJECT);
  expect(mailsTo(email), "the refused attempts sent no mail").toHaveLength(1);
});

test("Show a new code loads a new captcha image", async ({ page }, testInfo) => {
  await page.goto("/register");
  await submitStep1(page, { email: uniqueEmail(testInfo) });
  await expect(page).toHaveURL(/\/register\/password$/);
  await waitForHydration(page);
  const image = captchaImage(page);
  const first = await image.getAttribute("src");

  const reload = page.waitForResponse((response) => new URL(response.url()).pathname === "/captcha");
  await page.getByRole("link", { name: "Show a new code" }).click();
  await expect(image).not.toHaveAttribute("src", first ?? "");
  const response = await reload;
  expect(response.headers()["content-type"]).toBe("image/png");
  await expect(page).toHaveURL(/\/register\/password$/);

  const second = await image.getAttribute("src");
  await page.getByRole("link", { name: "Show a new code" }).click();
  await expect(image).not.toHaveAttribute("src", second ?? "");
  await expect(image).not.toHaveAttribute("src", first ?? "");
});
