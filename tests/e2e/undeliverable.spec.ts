import { expect, test } from "./fixtures";
import { registerToCheckEmail, uniqueEmail } from "./helpers";

test("an address the mail server refuses for good is named on the check-email page after a reload", async ({ page, request }, testInfo) => {
  const email = `bounce-${uniqueEmail(testInfo)}`;
  await registerToCheckEmail(page, { email });
  // The email goes out just after the response; a reload shows what became of it.
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByRole("main").getByText("We could not deliver to this address").isVisible();
    }, { timeout: 15_000 })
    .toBe(true);
  await expect(page.getByTestId("check-email-address")).toHaveText(email);
  // Not retried: it is dead in the outbox, as operators see it.
  const health = await (await request.get("/healthz", { headers: { Authorization: `Bearer ${process.env.E2E_HEALTH_TOKEN}` } })).json();
  expect(health.outbox.dead).toBeGreaterThanOrEqual(1);
});
