import { afterAll, inject, vi } from "vitest";

// Runs before each integration test file. The files a worker runs share its process (vitest.config.mts): what
// node_modules hold (Prisma's runtime, oidc-provider, SimpleWebAuthn, nodemailer...) is loaded once per worker, not
// once per file, which was a second of CPU a file. What the portal's own code keeps is made afresh for each file:
// lib/server/config/env.ts reads process.env once, on import, and lib/server/db/client.ts keeps one client per
// process, so lib/ and tests/support are evaluated anew (vi.resetModules below) after this file has set the
// environment, and each file gets its own database, inbox and SMSC.

type Worker = {
  /** Closes what the file before opened; cleared once run. */
  miEndTestFile?: () => Promise<void>;
  /** The console as it was before any file's setup wrapped it. */
  miConsole?: Pick<Console, "log" | "error">;
  // The portal's per-process state, on globalThis as lib/ keeps it (db/client.ts, courier/worker.ts, ops/database-status.ts).
  miDb?: { db: { $disconnect(): Promise<void> } };
  miOutboxWorker?: NodeJS.Timeout;
  miDatabaseStatus?: unknown;
};
const worker = globalThis as Worker;

// vitest runs no afterAll for a file whose tests were all skipped (one database's own tests, on the other): what such
// a file opened is closed here, before the next file begins.
await worker.miEndTestFile?.();
// A client still open here would be an earlier file's, on that file's database, and this file would use it unawares.
if (worker.miDb) throw new Error("A Prisma client of an earlier test file is still open in this process");
vi.resetModules();

const { freshDatabaseUrl } = await import("../support/database");
const { startInbox } = await import("../support/inbox");
const { startSmsc } = await import("../support/smsc");
const { logLines, setIntegrationContext } = await import("../support/integration-context");

// This file's own database: a copy of the migrated template (a file, or a PostgreSQL database made from it).
const databaseUrl = await freshDatabaseUrl(inject("integrationRunDir"), inject("templateDatabaseUrl"));

const inbox = await startInbox();
const smsc = await startSmsc();
setIntegrationContext({ inbox, smsc, databaseUrl });

Object.assign(process.env, {
  DATABASE_URL: databaseUrl,
  SMTP_URL: inbox.url,
  SMS_URL: smsc.url,
  APP_URL: "http://localhost:3999",
  MAIL_FROM: "Mi Account <no-reply@mi-account.test>",
  BCRYPT_COST: "4",
  LOG_LEVEL: "info", // some tests read the log lines
  // Most tests sign in with no trusted-device cookie: off here, on in new-device.test.ts (vi.hoisted).
  NEW_DEVICE_CHECK: "off",
  // A fixed data key (security/data-key.ts), so no test writes the default key file.
  DATA_KEY: "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=",
});
// Real captchas: tests read the answer from the database, as a browser would read the image.
delete process.env.CAPTCHA_TEST_CODE;

// lib/server/ops/log.ts writes one JSON line per event; keep this file's for assertions instead of flooding the output.
worker.miConsole ??= { log: console.log.bind(console), error: console.error.bind(console) };
for (const method of ["log", "error"] as const) {
  const original = worker.miConsole[method];
  console[method] = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].startsWith('{"time":')) logLines.push(args[0]);
    else original(...args);
  };
}

async function endTestFile(): Promise<void> {
  worker.miEndTestFile = undefined;
  const { closeSmppSession } = await import("@/lib/server/courier/smpp/session");
  await worker.miDb?.db.$disconnect();
  await closeSmppSession();
  await Promise.all([inbox.close(), smsc.close()]);
  clearInterval(worker.miOutboxWorker);
  delete worker.miDb;
  delete worker.miOutboxWorker;
  delete worker.miDatabaseStatus;
  vi.useRealTimers();
}
worker.miEndTestFile = endTestFile;
// A minute, not vitest's 10 s: after hundreds of mails (contention.test.ts) the test inbox waits for the app's
// SMTP connections to end before it closes, which took longer than 10 s on a busy machine.
afterAll(endTestFile, 60_000);

// Server actions ask next-intl for the request's words; outside Next.js there is no request, so the English
// translator of lib/shared/i18n stands in (the same catalogue and ICU formatting the pages use).
vi.mock("next-intl/server", async () => {
  const { translator } = await import("@/lib/shared/i18n/translator");
  const t = translator("en");
  type Values = Parameters<typeof t>[1];
  const scoped = (namespace?: string) => (key: string, values?: Values) => t((namespace ? `${namespace}.${key}` : key) as Parameters<typeof t>[0], values);
  return { getTranslations: async (namespace?: string) => scoped(namespace), getLocale: async () => "en" };
});
