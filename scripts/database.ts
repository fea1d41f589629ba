import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, postgresConnection, sqliteFile, type DatabaseKind } from "@/lib/server/db/url";

/** The migration folders of one database kind's history (prisma/sqlite or prisma/postgres), oldest first. */
function migrationNames(kind: DatabaseKind): string[] {
  return readdirSync(resolve("prisma", kind, "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

type MigrationRow = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };

/** Prisma's record of the migrations applied to the database, or null when there is none to read (a new database). */
async function appliedMigrations(databaseUrl: string): Promise<MigrationRow[] | null> {
  const query = `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
  try {
    if (databaseKind(databaseUrl) === "sqlite") {
      const sqlite = new Database(resolve(sqliteFile(databaseUrl)), { fileMustExist: true });
      try {
        return sqlite.prepare(query).all() as MigrationRow[];
      } finally {
        sqlite.close();
      }
    }
    const client = new pg.Client(postgresConnection(databaseUrl));
    await client.connect();
    try {
      return (await client.query<MigrationRow>(query)).rows;
    } finally {
      await client.end();
    }
  } catch {
    return null; // no file, no table yet, or no server: prisma migrate deploy makes them or says what is wrong
  }
}

/**
 * Whether every migration of the history has been applied and finished, and none is left failed: then `prisma
 * migrate deploy` would only load its schema engine (a second and a half of CPU on every start and restart of every
 * instance) to do nothing. Anything else (one pending, one failed, one the history does not know) goes to Prisma.
 */
export async function isMigrated(databaseUrl: string): Promise<boolean> {
  const kind = databaseKind(databaseUrl);
  const rows = kind && (await appliedMigrations(databaseUrl));
  if (!kind || !rows) return false;
  const live = rows.filter((row) => row.rolled_back_at === null);
  if (live.some((row) => row.finished_at === null)) return false;
  const applied = new Set(live.map((row) => row.migration_name));
  const names = migrationNames(kind);
  return applied.size === names.length && names.every((name) => applied.has(name));
}

/**
 * Brings the database at `databaseUrl` up to date with prisma migrate deploy: prisma.config.ts picks the
 * migrations of its kind (prisma/sqlite or prisma/postgres). A SQLite file and its folder are created when
 * missing; a PostgreSQL database must exist (its server creates it). A database already up to date is left as it
 * is, without starting Prisma (isMigrated). False when the migration failed (Prisma has printed why).
 */
export async function migrateDatabase(databaseUrl: string): Promise<boolean> {
  if (await isMigrated(databaseUrl)) return true;
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
