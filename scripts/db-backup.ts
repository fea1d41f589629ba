// `npm run db:backup -- <file>`: a consistent copy of the database, taken while the portal runs.
// SQLite: the online backup API, which copies a snapshot page by page without stopping writers.
// PostgreSQL: pg_dump's custom format (one snapshot; restore with `pg_restore -d <database> <file>`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { databaseKind, postgresConnection, sqliteFile } from "@/lib/server/db/url";
import { loadEnv } from "./load-env";

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target) {
    console.error("usage: npm run db:backup -- <backup file>");
    return 2;
  }
  if (existsSync(resolve(target))) {
    console.error(`${resolve(target)} exists already; choose a new file.`);
    return 1;
  }
  const url = (await loadEnv()).DATABASE_URL;
  return databaseKind(url) === "postgres" ? backUpPostgres(url, resolve(target)) : backUpSqlite(resolve(sqliteFile(url)), resolve(target));
}

async function backUpSqlite(source: string, target: string): Promise<number> {
  if (!existsSync(source)) {
    console.error(`No database at ${source}.`);
    return 1;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
    console.log(`Backed up ${source} to ${target}`);
    return 0;
  } finally {
    db.close();
  }
}

function backUpPostgres(url: string, target: string): number {
  const c = postgresConnection(url);
  // The password goes in the environment, not on the command line where `ps` would show it.
  const env = { ...process.env, PGHOST: c.host, PGPORT: String(c.port), PGDATABASE: c.database, PGUSER: c.user ?? "", PGPASSWORD: c.password ?? "", PGSSLMODE: c.ssl ? "require" : "prefer" };
  const result = spawnSync("pg_dump", ["--format=custom", "--no-owner", `--file=${target}`], { env, stdio: "inherit" });
  if (result.error) {
    console.error("pg_dump was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client), whose");
    console.error("pg_dump must be the server's major version or newer, then run this again.");
    return 1;
  }
  if (result.status !== 0) return 1;
  console.log(`Backed up ${c.database} on ${c.host}:${c.port} to ${target} (restore: pg_restore --clean -d <database> ${target})`);
  return 0;
}

void main().then((code) => (process.exitCode = code));
