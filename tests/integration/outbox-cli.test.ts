import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { newAccount, OTHER_PASSWORD, registerActive } from "../support/fixtures";
import { databaseUrl, inbox } from "../support/integration-context";
import { registerAccount } from "../support/flows";

const run = promisify(execFile);
const outbox = (...args: string[]) =>
  run("node_modules/.bin/tsx", ["--require", "./scripts/server-context.cjs", "scripts/outbox.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl() } });

afterEach(() => inbox().accept());

describe("npm run outbox", () => {
  it("lists pending, retrying and dead messages, and puts a dead one back in line", async () => {
    inbox().refuse(550);
    const refused = newAccount();
    await registerAccount(refused);
    inbox().refuse(421);
    const delayed = newAccount();
    await registerAccount(delayed);

    const listing = (await outbox()).stdout;
    expect(listing).toMatch(/pending 0, retrying 1, dead 1/);
    expect(listing).toContain(`to ${refused.email}`);
    expect(listing).toContain(`to ${delayed.email}`);

    const dead = await db.outboxMessage.findFirstOrThrow({ where: { to: refused.email } });
    await expect(outbox("retry", dead.id)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("Resend activation email") });

    inbox().accept();
    const { input } = await registerActive();
    inbox().refuse(550);
    await registerAccount({ ...input, password: OTHER_PASSWORD });
    const notice = await db.outboxMessage.findFirstOrThrow({ where: { to: input.email, kind: "already_registered" } });
    expect((await outbox("retry", notice.id)).stdout).toContain("will be sent again");
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ status: "pending" });
    await expect(outbox("retry", "no-such-message")).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});
