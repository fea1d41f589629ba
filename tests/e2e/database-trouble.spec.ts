import { renameSync } from "node:fs";
import { postgresConnection } from "@/lib/server/db/url";
import { sql, testDatabaseKind } from "../support/database";
import { formOn, postAction } from "./action-post";
import { expect, test } from "./fixtures";
import { portalSettings, startPortal } from "./portal-process";

// Database trouble: the database becomes unreachable mid-run. On SQLite the file is moved away (the tests run as
// root, for whom file permissions do not apply); on PostgreSQL the server refuses new connections to the database
// and ends the open ones. While it is gone, pages answer 503 "try again shortly" at once and nothing is written;
// when it is back, the portal serves again without a restart.

type Outage = { begin: () => Promise<void>; end: () => Promise<void> };

function outageOf(databaseUrl: string): Outage {
  if (testDatabaseKind() === "sqlite") {
    const file = databaseUrl.slice("file:".length);
    return {
      begin: async () => renameSync(file, `${file}.away`),
      end: async () => renameSync(`${file}.away`, file),
    };
  }
  // Through the server's admin database: the portal's own cannot be reached while it is shut.
  const admin = process.env.TEST_POSTGRES_URL as string;
  const name = postgresConnection(databaseUrl).database;
  return {
    begin: async () => {
      await sql(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await sql(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", name);
    },
    end: async () => {
      await sql(admin, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    },
  };
}

test("while the database is unreachable pages answer 503, and the portal recovers by itself @db", async ({ playwright }) => {
  test.setTimeout(120_000);
  const settings = await portalSettings();
  const outage = outageOf(settings.DATABASE_URL!);
  const portal = await startPortal(settings);
  const page = (path: string) => fetch(`http://127.0.0.1:${settings.PORT}${path}`, { redirect: "manual" });
  let down = false;
  try {
    expect((await page("/register")).status).toBe(200);
    const person = await playwright.request.newContext({ baseURL: settings.APP_URL });
    const step1 = await formOn(person, "/register", "Create Mi Account");
    await outage.begin();
    down = true;

    await expect.poll(async () => (await page("/register")).status, { timeout: 30_000 }).toBe(503);
    const refused = await page("/login");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.text()).toContain("please try again shortly");
    expect((await page("/healthz")).status).toBe(503);
    // A registration sent meanwhile is refused whole.
    const email = `trouble-${Date.now()}@example.com`;
    const posted = await postAction(person, settings.APP_URL!, "/register", { ...step1, country: "GB", email, privacy: "on" });
    expect(posted.status()).toBe(503);
    await person.dispose();

    await outage.end();
    down = false;
    await expect.poll(async () => (await page("/register")).status, { timeout: 30_000 }).toBe(200);
    expect((await page("/healthz")).status).toBe(200);
    expect(await sql(settings.DATABASE_URL!, 'SELECT COUNT(*) AS "n" FROM "RegistrationDraft" WHERE "email" = ?', email)).toEqual([{ n: 0 }]);
  } finally {
    if (down) await outage.end();
    portal.process.kill("SIGTERM");
    await portal.exited;
  }
});
