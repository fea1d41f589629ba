import type { TestInbox } from "./inbox";

// Filled in by tests/integration/setup.ts, which runs in the same module graph just before each test file.
let current: { inbox: TestInbox; databaseUrl: string } | undefined;

export function setIntegrationContext(context: { inbox: TestInbox; databaseUrl: string }): void {
  current = context;
}

function context() {
  if (!current) throw new Error("tests/integration/setup.ts has not run: is this file in the integration project?");
  return current;
}

/** This test file's own SMTP inbox. */
export const inbox = (): TestInbox => context().inbox;

/** This test file's own database (a SQLite file: URL or a PostgreSQL one: tests/support/database.ts). */
export const databaseUrl = (): string => context().databaseUrl;

/** The JSON log lines (lib/server/ops/log.ts) written so far by this test file; captured instead of printed. */
export const logLines: string[] = [];
