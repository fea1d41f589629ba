import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * Brings the SQLite database at `databaseUrl` (a file: URL, as env.ts guarantees) up to date, creating the file
 * and its folder when missing. False when the migration failed (Prisma has printed why).
 */
export function migrateDatabase(databaseUrl: string): boolean {
  const file = resolve(databaseUrl.slice("file:".length));
  mkdirSync(dirname(file), { recursive: true });
  // WAL lets readers carry on while one request writes; the setting is stored in the file itself.
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  // prisma.config.ts has no default of its own (the Prisma CLI cannot read env.ts): it is told which file.
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  return spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env, stdio: "inherit" }).status === 0;
}
