import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's scratch folder: the migrated template database and one copy of it per test file. */
    integrationRunDir: string;
    templateDatabase: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Migrates one template SQLite file per run; each test file then starts from a copy (tests/integration/setup.ts). */
export default function setup(project: TestProject) {
  const runDir = path.join(root, "tests/.tmp", `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const templateDatabase = path.join(runDir, "template.db");
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${templateDatabase}`, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
  project.provide("integrationRunDir", runDir);
  project.provide("templateDatabase", templateDatabase);
  return () => rmSync(runDir, { recursive: true, force: true });
}
