import { beforeEach, describe, expect, it, vi } from "vitest";
import { registerAccount } from "@/lib/accounts";
import { db } from "@/lib/db";
import { MI_ID_ATTEMPTS, newMiId } from "@/lib/mi-id";
import { newAccount } from "../support/fixtures";
import { inbox } from "../support/integration-context";

// Mi IDs are random; to force a collision the draw is replaced, keeping the real one as the default.
vi.mock("@/lib/mi-id", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/mi-id")>();
  return { ...real, newMiId: vi.fn(real.newMiId) };
});

const draw = vi.mocked(newMiId);
const TAKEN = "1111111111";

beforeEach(async () => {
  draw.mockClear();
  await db.account.upsert({
    where: { miId: TAKEN },
    create: { miId: TAKEN, email: "taken@example.com", country: "GB", wantsOffers: false, passwordHash: "x" },
    update: {},
  });
});

describe("Mi ID collisions", () => {
  it("draws again when the first Mi ID is taken", async () => {
    draw.mockReturnValueOnce(TAKEN).mockReturnValueOnce("2222222222");
    const input = newAccount();

    expect(await registerAccount(input)).toEqual({ kind: "created", mailed: true });
    expect(draw).toHaveBeenCalledTimes(2);
    expect((await db.account.findUniqueOrThrow({ where: { email: input.email } })).miId).toBe("2222222222");
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
    expect(inbox().messages().filter((mail) => mail.to.includes(input.email))).toEqual([]);
  });
});
