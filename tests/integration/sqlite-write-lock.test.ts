import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { newAccount, registerPending } from "../support/fixtures";
import { testDatabaseKind } from "../support/database";
import { databaseUrl } from "../support/integration-context";

// Another connection (another app process, an operator's script) writing while a transaction of ours has read
// and is about to write. A transaction that only BEGINs (deferred) then fails with SQLITE_BUSY_SNAPSHOT; ours
// take the write lock at their start, so the other writer waits its turn instead and both succeed.
// SQLite only: PostgreSQL has no database-wide write lock (its transactions are SERIALIZABLE, lib/server/db/postgres.ts).
describe.skipIf(testDatabaseKind() === "postgres")("transactions and other writers", () => {
  it("a transaction that reads, then writes, survives another process writing meanwhile", async () => {
    const { input } = await registerPending(newAccount());
    const script = `
      const db = new (require("better-sqlite3"))(process.argv[1]);
      db.pragma("busy_timeout = 10000");
      db.prepare('UPDATE "Account" SET "wantsOffers" = 1 WHERE "email" = ?').run(process.argv[2]);
      console.log("wrote");`;
    let other: Promise<number | null> | undefined;
    await db.$transaction(async (tx) => {
      await tx.account.count();
      const child = spawn(process.execPath, ["-e", script, databaseUrl().slice("file:".length), input.email], { stdio: ["ignore", "pipe", "inherit"] });
      other = new Promise((resolve) => child.on("exit", resolve));
      // Give the other process the chance to write now; with our write lock held it cannot, and waits.
      const wrote = new Promise((resolve) => child.stdout.once("data", resolve));
      await Promise.race([wrote, new Promise((resolve) => setTimeout(resolve, 1500))]);
      await tx.account.updateMany({ where: { email: input.email }, data: { country: "ES" } });
    });
    expect(await other).toBe(0);
    expect(await db.account.findFirstOrThrow({ where: { email: input.email } })).toMatchObject({ country: "ES", wantsOffers: true });
  }, 30_000);
});

// The same on PostgreSQL, where nothing makes the other writer wait: it commits first, our SERIALIZABLE transaction
// then fails to update the row it changed (SQLSTATE 40001) and lib/server/db/postgres.ts runs it again.
describe.skipIf(testDatabaseKind() !== "postgres")("transactions and other writers (PostgreSQL)", () => {
  it("a transaction that reads, then writes, survives another process writing meanwhile", async () => {
    const { input } = await registerPending(newAccount());
    const script = `
      const client = new (require("pg").Client)(process.argv[1]);
      client.connect()
        .then(() => client.query('UPDATE "Account" SET "wantsOffers" = true WHERE "email" = $1', [process.argv[2]]))
        .then(() => client.end())
        .then(() => console.log("wrote"), (error) => { console.error(error.message); process.exit(1); });`;
    let other: Promise<number | null> | undefined;
    let runs = 0;
    await db.$transaction(async (tx) => {
      runs += 1;
      await tx.account.findFirstOrThrow({ where: { email: input.email } });
      if (!other) {
        const child = spawn(process.execPath, ["-e", script, databaseUrl(), input.email], { stdio: ["ignore", "pipe", "inherit"] });
        other = new Promise((resolve) => child.on("exit", resolve));
        await other;
      }
      await tx.account.updateMany({ where: { email: input.email }, data: { country: "ES" } });
    });
    expect(await other).toBe(0);
    // The first run met the other writer's commit and was run again.
    expect(runs).toBe(2);
    expect(await db.account.findFirstOrThrow({ where: { email: input.email } })).toMatchObject({ country: "ES", wantsOffers: true });
  }, 30_000);
});
