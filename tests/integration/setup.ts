import { afterAll, inject, vi } from "vitest";
import { freshDatabaseUrl } from "../support/database";
import { startInbox } from "../support/inbox";
import { startSmsc } from "../support/smsc";
import { logLines, setIntegrationContext } from "../support/integration-context";

// Runs before each integration test file, in its module graph. lib/server/config/env.ts reads process.env once, on import,
// and lib/server/db/client.ts keeps one client per process, so everything is set here before any test file imports lib/.

// lib/server/db/client.ts parks its client on globalThis: one left over would mean this process already served another
// file and would silently keep using that file's database.
if ((globalThis as { miDb?: unknown }).miDb) throw new Error("A Prisma client already exists in this process");

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

// lib/server/ops/log.ts writes one JSON line per event; keep them for assertions instead of flooding the output.
for (const method of ["log", "error"] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].startsWith('{"time":')) logLines.push(args[0]);
    else original(...args);
  };
}

// A minute, not vitest's 10 s: after hundreds of mails (contention.test.ts) the test inbox waits for the app's
// SMTP connections to end before it closes, which took longer than 10 s on a busy machine.
afterAll(async () => {
  const { db } = await import("@/lib/server/db/client");
  const { closeSmppSession } = await import("@/lib/server/courier/smpp/session");
  await db.$disconnect();
  await closeSmppSession();
  await Promise.all([inbox.close(), smsc.close()]);
}, 60_000);

// Server actions ask next-intl for the request's words; outside Next.js there is no request, so the English
// translator of lib/shared/i18n stands in (the same catalogue and ICU formatting the pages use).
vi.mock("next-intl/server", async () => {
  const { translator } = await import("@/lib/shared/i18n/translator");
  const t = translator("en");
  type Values = Parameters<typeof t>[1];
  const scoped = (namespace?: string) => (key: string, values?: Values) => t((namespace ? `${namespace}.${key}` : key) as Parameters<typeof t>[0], values);
  return { getTranslations: async (namespace?: string) => scoped(namespace), getLocale: async () => "en" };
});
