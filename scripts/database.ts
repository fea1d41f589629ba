import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { databaseKind, sqliteFile } from "@/lib/server/db/url";

/**
 * Brings the database at `databaseUrl` up to date with prisma migrate deploy: prisma.config.ts picks the
 * migrations of its kind (prisma/sqlite or prisma/postgres). A SQLite file and its folder are created when
 * missing; a PostgreSQL database must exist (its server creates it). False when the migration failed (Prisma
 * has printed why).
 */
export function migrateDatabase(databaseUrl: string): boolean {
  if (databaseKind(databaseUrl) === "sqlite") {
    const file = resolve(sqliteFile(databaseUrl));
    mkdirSync(dirname(file), { recursive: true });
    // WAL lets readers carry on while one request writes; the setting is stored in the file itself.
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
  // prisma.config.ts has no default of its own (the Prisma CLI cannot read env.ts): it is told which database.
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  return spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env, stdio: "inherit" }).status === 0;
}
