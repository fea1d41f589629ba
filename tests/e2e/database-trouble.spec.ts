import { renameSync } from "node:fs";
import Database from "better-sqlite3";
import { formOn, postAction } from "./action-post";
import { expect, test } from "./fixtures";
import { portalSettings, startPortal } from "./portal-process";

// Database trouble: the database file becomes unreadable mid-run (here it is moved away, since the
// tests run as root, for whom file permissions do not apply). While it is gone, pages answer 503 "try again
// shortly" at once and nothing is written; when it is back, the portal serves again without a restart.
test("while the database file is unreadable pages answer 503, and the portal recovers by itself", async ({ playwright }) => {
  test.setTimeout(120_000);
  const settings = await portalSettings();
  const file = settings.DATABASE_URL!.slice("file:".length);
  const portal = await startPortal(settings);
  const page = (path: string) => fetch(`http://127.0.0.1:${settings.PORT}${path}`, { redirect: "manual" });
  try {
    expect((await page("/register")).status).toBe(200);
    const person = await playwright.request.newContext({ baseURL: settings.APP_URL });
    const step1 = await formOn(person, "/register", "Create Mi Account");
    renameSync(file, `${file}.away`);

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

    renameSync(`${file}.away`, file);
    await expect.poll(async () => (await page("/register")).status, { timeout: 30_000 }).toBe(200);
    expect((await page("/healthz")).status).toBe(200);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM "SignUpDraft" WHERE "email" = ?').get(email)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  } finally {
    portal.process.kill("SIGTERM");
    await portal.exited;
  }
});
