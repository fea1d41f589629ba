import { expect, test } from "./fixtures";

test("/healthz reports the portal and its database up, as JSON, uncached", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(await response.json()).toMatchObject({
    status: "ok",
    database: "up",
    outbox: { pending: expect.any(Number), retrying: expect.any(Number), dead: expect.any(Number) },
  });
});
