import { writeFileSync } from "node:fs";
import { startInbox } from "../support/inbox";
import { postAction, prepareSignUp } from "./action-post";
import { expect, test } from "./fixtures";
import { CAPTCHA } from "./helpers";
import { portalSettings, startPortal } from "./portal-process";

// Nothing lost: a portal process of its own, with its own SMTP inbox, takes 20 sign-ups while the mail
// server turns every message away, is killed outright (SIGKILL: no graceful anything), and is started again
// with the mail server back. Every activation email must then arrive, exactly once, from the outbox worker.
test("20 sign-ups accepted before a SIGKILL are each mailed exactly once after a restart", async ({ playwright }, testInfo) => {
  test.setTimeout(300_000);
  const inbox = await startInbox();
  inbox.refuse(421);
  const settings = await portalSettings({ SMTP_URL: inbox.url, CAPTCHA_TEST_CODE: CAPTCHA, BCRYPT_COST: "4", TRUST_PROXY: "1", LOG_LEVEL: "info" });
  const baseURL = settings.APP_URL!;
  let portal = await startPortal(settings);
  const outputs: string[] = [];
  try {
    const run = `${testInfo.workerIndex}-${Date.now()}`;
    const emails = Array.from({ length: 20 }, (_, i) => `crash-${run}-${i}@example.com`);
    for (const [i, email] of emails.entries()) {
      const address = `2001:db8:c0de:${i.toString(16)}::1`;
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": address } });
      const fields = await prepareSignUp(request, address, baseURL, email);
      const step2 = await postAction(request, baseURL, "/register/password", fields);
      expect(step2.status(), `sign-up ${i}`).toBe(303);
      await request.dispose();
    }
    portal.process.kill("SIGKILL");
    await portal.exited;
    outputs.push(portal.output());
    expect(inbox.messages()).toEqual([]);

    inbox.accept();
    portal = await startPortal(settings);
    // The first retry is due about 30 s after each failed send; a send the kill cut short is held by its lease
    // for a minute; the worker looks every 5 s.
    const delivered = () => emails.map((email) => inbox.messages().filter((mail) => mail.to.includes(email)).length);
    await expect.poll(() => delivered().every((count) => count >= 1), { timeout: 180_000, intervals: [1_000] }).toBe(true);
    // One more worker round: nothing may be sent twice.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const counts = delivered();
    console.log(`SIGKILL after 20 sign-ups, restart: delivered ${counts.filter((n) => n === 1).length}, duplicates ${counts.filter((n) => n > 1).length}, lost ${counts.filter((n) => n === 0).length}`);
    expect(counts).toEqual(emails.map(() => 1));
  } finally {
    portal.process.kill("SIGTERM");
    await portal.exited;
    outputs.push(portal.output());
    const log = testInfo.outputPath("portal.log");
    writeFileSync(log, outputs.join("\n----- restart -----\n"));
    await testInfo.attach("portal output (before and after the kill)", { path: log });
    await inbox.close();
  }
});
