import { describe, expect, it } from "vitest";
import { inbox } from "../support/integration-context";

// With no SMTP_URL the portal keeps mail in the database for the /dev/mail page. lib/server/config/env.ts reads the
// environment once, on first import, so SMTP_URL is removed before this file loads lib/ (dynamically, since
// static imports would run first).
delete process.env.SMTP_URL;
const { devMailboxEnabled } = await import("@/lib/server/config/env");
const { registerAccount } = await import("../support/flows");
const { findDevMail, listDevMail } = await import("@/lib/server/courier/dev-mailbox");
const { newAccount, registrationOutcome } = await import("../support/fixtures");

describe("dev mailbox (no SMTP_URL)", () => {
  it("is on only when SMTP_URL is unset", () => {
    expect(devMailboxEnabled).toBe(true);
  });

  it("keeps the activation email, with its link, instead of sending it", async () => {
    const input = newAccount();
    expect(await registerAccount(input)).toEqual(registrationOutcome("created", "sent"));

    const kept = (await listDevMail()).filter((mail) => mail.to === input.email);
    expect(kept).toHaveLength(1);
    const mail = await findDevMail(kept[0]!.id);
    expect(mail?.subject).toBe("Activate your Mi Account");
    expect(mail?.text).toMatch(/^http:\/\/localhost:3999\/activate\?token=[A-Za-z0-9_-]{43}&lang=en$/m);
    expect(mail?.html).toContain("Activate account");
    expect(inbox().messages()).toEqual([]);
  });

  it("finds nothing for an unknown id", async () => {
    expect(await findDevMail("no-such-mail")).toBeNull();
  });
});
