import { expect, test } from "./fixtures";

// The e2e app runs with SMTP_URL set, as production does: the dev mailbox must not exist there.
test("the dev mailbox page and its messages are unavailable when SMTP_URL is set", async ({ request }) => {
  for (const path of ["/dev/mail", "/dev/mail/anything"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain("Dev mailbox");
  }
});
