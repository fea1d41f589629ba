import { expect, test } from "./fixtures";

// The e2e app runs with SMTP_URL set, as production does: the dev outbox must not exist there.
test("the dev outbox page and its messages are unavailable when SMTP_URL is set", async ({ request }) => {
  for (const path of ["/dev/outbox", "/dev/outbox/anything"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Dev outbox");
  }
});
