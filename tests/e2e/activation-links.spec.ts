import { expect, test } from "./fixtures";
import { ACTIVATION_SUBJECT, button, registerToCheckEmail, snap, uniqueEmail } from "./helpers";
import { activationLinkFrom, waitForMail } from "./mail";

test("a changed activation link doesn't work and offers a new email", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const link = new URL(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
  const token = link.searchParams.get("token") ?? "";
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // Same shape, one character changed: it reaches the database lookup and is not found there.
  const last = token.at(-1);
  link.searchParams.set("token", token.slice(0, -1) + (last === "A" ? "B" : "A"));
  await page.goto(link.toString());
  await expect(page.getByRole("heading", { name: "This activation link doesn't work" })).toBeVisible();
  const resend = page.getByRole("link", { name: "Send a new activation email" });
  await expect(resend).toHaveAttribute("href", "/resend");
  await expect(button(page, "Activate account")).toHaveCount(0);
  await snap(page, testInfo, "activation link changed");

  // A cut-short link and a missing token say the same.
  for (const broken of [`/activate?token=${token.slice(0, 20)}`, "/activate"]) {
    await page.goto(broken);
    await expect(page.getByRole("heading", { name: "This activation link doesn't work" })).toBeVisible();
    await expect(button(page, "Activate account")).toHaveCount(0);
  }

  await resend.click();
  await expect(page).toHaveURL(/\/resend$/);
  await expect(page.getByRole("heading", { name: "Send a new activation email" })).toBeVisible();

  // The real link still works: the tampered one didn't spend it.
  await page.goto(activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT)));
  await expect(button(page, "Activate account")).toBeVisible();
});

test("a used activation link says the account is active and shows no Mi Account ID", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const link = activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT));
  await page.goto(link);
  await button(page, "Activate account").click();
  const miId = (await page.getByTestId("mi-account-id").textContent())?.trim() ?? "";
  expect(miId).toMatch(/^[1-9]\d{9}$/);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This account is already active" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
  await expect(button(page, "Activate account")).toHaveCount(0);
  await expect(page.getByTestId("mi-account-id")).toHaveCount(0);
  await expect(page.getByText("Mi Account ID")).toHaveCount(0);
  expect(await page.content()).not.toContain(miId);
  await snap(page, testInfo, "activation link already used");
});

test("the link's token leaves the address bar and never travels in a Referer header", async ({ page, request }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const link = activationLinkFrom(await waitForMail(email, ACTIVATION_SUBJECT));

  const response = await request.get(link, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["location"]).toBe("/activate/confirm");
  expect(response.headers()["set-cookie"]).toMatch(/HttpOnly/i);

  await page.goto(link);
  await expect(page).toHaveURL(/\/activate\/confirm$/);
  expect(page.url()).not.toContain(new URL(link).searchParams.get("token") ?? "missing");
  await expect(button(page, "Activate account")).toBeVisible();
});
