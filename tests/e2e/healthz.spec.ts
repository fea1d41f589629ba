import { expect, test } from "./fixtures";
import { expireResendCooldown, registerToCheckEmail, uniqueEmail } from "./helpers";

const operator = { Authorization: `Bearer ${process.env.E2E_HEALTH_TOKEN}` };

test("/healthz tells the public only up or down, as JSON, uncached", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(await response.json()).toEqual({ status: "ok" });
  expect(await (await request.get("/healthz", { headers: { Authorization: "Bearer guessed-token-000000000000" } })).json()).toEqual({ status: "ok" });
});

test("/healthz gives operators the database and outbox figures with the health token @db", async ({ request }) => {
  const response = await request.get("/healthz", { headers: operator });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    status: "ok",
    database: "up",
    outbox: { pending: expect.any(Number), retrying: expect.any(Number), dead: expect.any(Number) },
  });
});

test("a resend for a pending address changes nothing a stranger can read at /healthz", async ({ page, request }, testInfo) => {
  const email = uniqueEmail(testInfo);
  await registerToCheckEmail(page, { email });
  const before = await (await request.get("/healthz")).text();
  await expireResendCooldown(email);
  await page.reload(); // the page's own countdown starts from what the server says now
  await page.getByRole("button", { name: "Resend activation email" }).click();
  await expect(page.getByText("We've sent the activation email again.")).toBeVisible();
  expect(await (await request.get("/healthz")).text()).toBe(before);
});
