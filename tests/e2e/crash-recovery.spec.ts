import { writeFileSync } from "node:fs";
import { postAction, prepareSignUp } from "./action-post";
import { expect, test } from "./fixtures";
import { CAPTCHA } from "./helpers";
import { ownInbox } from "./mail";
import { outboxFigures, portalSettings, QUICK_OUTBOX, startPortal } from "./portal-process";

// Nothing lost, through a real crash: a portal process of its own, with its own SMTP inbox, takes sign-ups while
// the mail server turns every message away, is killed outright (SIGKILL: no graceful anything), and is started
// again with the mail server back. Every activation email must then arrive, exactly once, from the outbox worker.
// A smoke of the wiring (instrumentation starts the worker, the queue outlives the process): how many of how many
// are delivered, retried or sent twice is counted in tests/integration/outbox.test.ts and outbox-lease.test.ts.
const SIGN_UPS = 3;

test("sign-ups accepted before a SIGKILL are each mailed exactly once after a restart @db", async ({ playwright }, testInfo) => {
  test.setTimeout(120_000);
  const inbox = await ownInbox();
  inbox.refuse(421);
  const healthToken = `crash-recovery-${Date.now()}-0123456789abcdef`;
  const settings = await portalSettings({
    SMTP_URL: inbox.url,
    CAPTCHA_TEST_CODE: CAPTCHA,
    BCRYPT_COST: "4",
    TRUST_PROXY: "1",
    LOG_LEVEL: "info",
    HEALTH_TOKEN: healthToken,
    ...QUICK_OUTBOX,
  });
  const baseURL = settings.APP_URL!;
  let portal = await startPortal(settings);
  const outputs: string[] = [];
  try {
    const run = `${testInfo.workerIndex}-${Date.now()}`;
    const emails = Array.from({ length: SIGN_UPS }, (_, i) => `crash-${run}-${i}@example.com`);
    for (const [i, email] of emails.entries()) {
      const address = `2001:db8:c0de:${i.toString(16)}::1`;
      const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": address } });
      const fields = await prepareSignUp(request, address, baseURL, email);
      const step2 = await postAction(request, baseURL, "/register/password", fields);
      expect(step2.status(), `sign-up ${i}`).toBe(303);
      await request.dispose();
    }
    // Every message is queued and has been tried (and refused) at least once before the kill.
    await expect.poll(() => outboxFigures(baseURL, healthToken)).toEqual({ pending: 0, retrying: SIGN_UPS, dead: 0 });
    portal.process.kill("SIGKILL");
    await portal.exited;
    outputs.push(portal.output());
    expect(emails.map((email) => inbox.mailsTo(email).length)).toEqual(emails.map(() => 0));

    inbox.accept();
    portal = await startPortal(settings);
    // The outbox settles: nothing waiting, nothing being retried, nothing given up. Only then are the counts final
    // (a message is marked sent after the mail server took it, and a sent message is never claimed again).
    await expect
      .poll(() => outboxFigures(baseURL, healthToken), { timeout: 90_000, intervals: [250] })
      .toEqual({ pending: 0, retrying: 0, dead: 0 });
    const counts = emails.map((email) => inbox.mailsTo(email).length);
    console.log(`SIGKILL after ${SIGN_UPS} sign-ups, restart: delivered ${counts.filter((n) => n === 1).length}, duplicates ${counts.filter((n) => n > 1).length}, lost ${counts.filter((n) => n === 0).length}`);
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
