import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { at, fromOwnAddress, newAccount, registrationOutcome, SECOND } from "../support/fixtures";
import { activationTokenFromMail } from "../support/inbox";
import { inbox, logLines } from "../support/integration-context";
import { consumeActivationToken, registerAccount, resendActivation } from "../support/flows";

afterEach(() => inbox().accept());

describe("when the SMTP server refuses mail", () => {
  for (const code of [550, 421] as const) {
    it(`keeps the pending account and lets a later resend deliver (SMTP ${code})`, async () => {
      const t0 = new Date();
      const input = newAccount();
      inbox().clear();
      inbox().refuse(code);

      expect(await registerAccount(input, t0)).toEqual(registrationOutcome("created", "failed"));
      const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
      expect(account.status).toBe("pending");
      expect(inbox().messages()).toEqual([]);
      expect(logLines.some((line) => line.includes('"event":"mail.failed"'))).toBe(true);

      // Still refusing: the resend is reported as failed.
      expect(await resendActivation(input.email, at(t0, 61 * SECOND))).toBe("failed");

      inbox().accept();
      expect(await resendActivation(input.email, at(t0, 122 * SECOND))).toBe("sent");
      const mail = await inbox().waitForMail(input.email);
      expect(await consumeActivationToken(activationTokenFromMail(mail), at(t0, 123 * SECOND), fromOwnAddress(), { password: input.password })).toMatchObject({
        ok: true,
        email: input.email,
      });
    });
  }

  it("still answers 'already-active' with mail 'failed' when the owner cannot be warned", async () => {
    const input = newAccount();
    await registerAccount(input);
    const token = activationTokenFromMail(await inbox().waitForMail(input.email));
    await consumeActivationToken(token, undefined, fromOwnAddress(), { password: input.password });
    inbox().refuse();
    expect(await registerAccount(input)).toEqual(registrationOutcome("already-active", "failed"));
  });
});
