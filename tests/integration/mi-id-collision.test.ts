import { beforeEach, describe, expect, it, vi } from "vitest";
import { issueCaptcha } from "@/lib/server/security/captcha";
import { db } from "@/lib/server/db/client";
import type * as MiIdModule from "@/lib/server/identity/mi-id";
import { MI_ID_ATTEMPTS, newMiId } from "@/lib/server/identity/mi-id";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { newAccount, registrationOutcome } from "../support/fixtures";
import { mailsTo } from "../support/inbox";
import { inbox } from "../support/integration-context";
import { registerAccount } from "../support/flows";

// Mi IDs are random; to force a collision the draw is replaced, keeping the real one as the default.
vi.mock("@/lib/server/identity/mi-id", async (importOriginal) => {
  const real = await importOriginal<typeof MiIdModule>();
  return { ...real, newMiId: vi.fn(real.newMiId) };
});

const draw = vi.mocked(newMiId);
const TAKEN = "1111111111";

beforeEach(async () => {
  draw.mockClear();
  await db.account.upsert({
    where: { miId: TAKEN },
    create: { miId: TAKEN, email: "taken@example.com", emailKey: "taken@example.com", country: "GB", wantsOffers: false, passwordHash: "x" },
    update: {},
  });
});

describe("Mi ID collisions", () => {
  it("draws again when the first Mi ID is taken", async () => {
    draw.mockReturnValueOnce(TAKEN).mockReturnValueOnce("2222222222");
    const input = newAccount();

    expect(await registerAccount(input)).toEqual(registrationOutcome("created", "sent"));
    expect(draw).toHaveBeenCalledTimes(2);
    expect((await db.account.findFirstOrThrow({ where: { email: input.email } })).miId).toBe("2222222222");
    // The holder of the taken ID is untouched.
    expect((await db.account.findUniqueOrThrow({ where: { miId: TAKEN } })).email).toBe("taken@example.com");
  });

  it("gives up after MI_ID_ATTEMPTS collisions, leaving no half-made account and sending nothing", async () => {
    draw.mockReturnValue(TAKEN);
    const input = newAccount();
    await expect(registerAccount(input)).rejects.toThrow(/gave up/);
    expect(draw).toHaveBeenCalledTimes(MI_ID_ATTEMPTS);
    draw.mockReset(); // back to the real draw
    expect(await db.account.count({ where: { email: input.email } })).toBe(0);
    expect(mailsTo(inbox(), input.email)).toEqual([]);
  });

  // The SQLite adapter runs every query on one connection; without lib/server/db/sqlite-serialized.ts a query made by
  // another request while a transaction is open would join it, and the rollback of the collided Mi ID attempt
  // would silently undo that request's write. The other request is started inside the window.
  it("does not undo another request's write made while a rolled-back attempt was open", async () => {
    draw.mockReturnValueOnce(TAKEN);
    const captchaId = newSecret();
    const realTransaction = db.$transaction.bind(db) as (fn: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
    // Another visitor's request, arriving while this transaction is open. It is chained from out here, not
    // started inside the callback, so it runs as another request would: outside the transaction's scope.
    let open = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    const otherRequest = opened.then(() => issueCaptcha(captchaId));
    const spy = vi.spyOn(db, "$transaction").mockImplementationOnce(((fn: (tx: unknown) => Promise<unknown>) =>
      realTransaction(async (tx) => {
        open();
        await new Promise((resolve) => setTimeout(resolve, 20));
        return fn(tx);
      })) as unknown as typeof db.$transaction);
    try {
      expect(await registerAccount(newAccount())).toMatchObject({ kind: "created" });
    } finally {
      spy.mockRestore();
    }
    await otherRequest;
    expect(await db.captcha.count({ where: { idHash: hashSecret(captchaId) } })).toBe(1);
  });
});
