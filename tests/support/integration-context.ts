import type { TestInbox } from "./inbox";

// Filled in by tests/integration/setup.ts, which runs in the same module graph just before each test file.
let current: { inbox: TestInbox; databaseFile: string } | undefined;

export function setIntegrationContext(context: { inbox: TestInbox; databaseFile: string }): void {
  current = context;
}

function context() {
  if (!current) throw new Error("tests/integration/setup.ts has not run: is this file in the integration project?");
  return current;
}

/** This test file's own SMTP inbox. */
export const inbox = (): TestInbox => context().inbox;

/** The absolute path of this test file's own SQLite database. */
export const databaseFile = (): string => context().databaseFile;

/** The JSON log lines (lib/server/ops/log.ts) written so far by this test file; captured instead of printed. */
export const logLines: string[] = [];
