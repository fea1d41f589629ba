import type { TestInbox } from "./inbox";
import type { TestSmsc } from "./smsc";

type Context = { inbox: TestInbox; smsc: TestSmsc; databaseUrl: string };

// Filled in by tests/integration/setup.ts, which runs in the same module graph just before each test file.
let current: Context | undefined;

export function setIntegrationContext(context: Context): void {
  current = context;
}

function context() {
  if (!current) throw new Error("tests/integration/setup.ts has not run: is this file in the integration project?");
  return current;
}

/** This test file's own SMTP inbox. */
export const inbox = (): TestInbox => context().inbox;

/** This test file's own SMSC (SMS_URL points at it): every text the portal sends over SMPP lands here. */
export const smsc = (): TestSmsc => context().smsc;

/** This test file's own database (a SQLite file: URL or a PostgreSQL one: tests/support/database.ts). */
export const databaseUrl = (): string => context().databaseUrl;

/** The JSON log lines (lib/server/ops/log.ts) written so far by this test file; captured instead of printed. */
export const logLines: string[] = [];
