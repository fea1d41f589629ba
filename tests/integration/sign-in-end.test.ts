import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "@/lib/server/flows/login/throttle";
import { db } from "@/lib/server/db/client";
import { emailKey } from "@/lib/shared/email-address";
import { HOUR, PASSWORD, registerActive } from "../support/fixtures";
import { signIn } from "../support/flows";

// The end of a successful sign-in is one transaction (flows/login/session-start.ts): the attempt's reservation
// taken back, the session and the trusted browser written, with one commit. What it sets off but does not wait for,
// the hourly sweep of expired trusted browsers, runs outside it: inside, a statement on `db` is refused at once.

describe("the end of a successful sign-in", () => {
  it("takes the attempt back and writes the session and the trusted browser, and its sweep runs outside the transaction", async () => {
    const { input } = await registerActive();
    const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
    // An expired trusted browser of the account, for the sweep that this process's first sign-in sets off.
    const past = new Date(Date.now() - HOUR);
    await db.trustedDevice.create({ data: { tokenHash: "expired-browser", accountId: account.id, createdAt: past, lastUsedAt: past, expiresAt: past } });
    const ipGroup = `198.51.100.7-${process.pid}`;

    const result = await signIn({ identifier: input.email, password: PASSWORD, ipGroup });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.device).not.toBeNull();
    expect(await db.session.count({ where: { accountId: account.id } })).toBe(1);
    expect(await db.trustedDevice.count({ where: { accountId: account.id, expiresAt: { gt: new Date() } } })).toBe(1);
    // Taken back: the address's counter is where it was, and the identifier has no run of failures.
    const ipCounter = await db.rateLimitCounter.findUnique({ where: { key: `${SIGN_IN_LIMITS.failuresPerIp.keyPrefix}:${ipGroup}` } });
    expect(ipCounter?.points ?? 0).toBe(0);
    expect(await db.signInThrottle.count({ where: { key: { contains: emailKey(input.email) } } })).toBe(0);
    // The sweep, not awaited by the sign-in, deletes the expired browser (a sweep refused inside the transaction would leave it).
    await expect.poll(() => db.trustedDevice.count({ where: { tokenHash: "expired-browser" } }), { timeout: 5_000 }).toBe(0);
  });
});
