import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../scripts/database";
import { freshDatabaseUrl } from "../support/database";

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's scratch folder: the migrated template database and one copy of it per test file. */
    integrationRunDir: string;
    /** The migrated template database's URL (a file on SQLite, a database on PostgreSQL). */
    templateDatabaseUrl: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Migrates one template database per run (SQLite or PostgreSQL: tests/support/database.ts); each test file then
 * starts from a copy of it (tests/integration/setup.ts). As `npm start` does (scripts/database.ts), so a SQLite
 * template is in WAL mode as the portal's own file is: in the rollback-journal mode SQLite starts in, every
 * transaction created and deleted a journal file, and the tests measured a mode the portal never runs in.
 */
export default async function setup(project: TestProject) {
  // Both integration projects (vitest.config.mts) name this file, and vitest loads it for each: one template serves both.
  const run = globalThis as { miIntegrationRun?: Promise<{ runDir: string; templateDatabaseUrl: string }> };
  run.miIntegrationRun ??= (async () => {
    const runDir = path.join(root, "tests/.tmp", `run-${process.pid}-${Date.now()}`);
    mkdirSync(runDir, { recursive: true });
    const templateDatabaseUrl = await freshDatabaseUrl(runDir);
    if (!(await migrateDatabase(templateDatabaseUrl))) throw new Error("prisma migrate deploy failed on the template database");
    return { runDir, templateDatabaseUrl };
  })();
  const { runDir, templateDatabaseUrl } = await run.miIntegrationRun;
  project.provide("integrationRunDir", runDir);
  project.provide("templateDatabaseUrl", templateDatabaseUrl);
  return () => rmSync(runDir, { recursive: true, force: true });
}
