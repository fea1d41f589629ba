import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
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
 * starts from a copy of it (tests/integration/setup.ts).
 */
export default async function setup(project: TestProject) {
  const runDir = path.join(root, "tests/.tmp", `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const templateDatabaseUrl = await freshDatabaseUrl(runDir);
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: templateDatabaseUrl, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  project.provide("integrationRunDir", runDir);
  project.provide("templateDatabaseUrl", templateDatabaseUrl);
  return () => rmSync(runDir, { recursive: true, force: true });
}
