// `npm run db:drift`: each migration history against the shared models. A fresh database is built twice, once by
// the migrations of its kind (prisma migrate deploy) and once from the models alone (prisma db push), and the two
// are described column by column, index by index, constraint by constraint; any difference fails the run. SQLite
// always; PostgreSQL when TEST_POSTGRES_URL names a server (two throwaway databases are created on it).
// Triggers (the audit trail's append-only guard) exist only in migrations: Prisma's models cannot say them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { postgresConnection } from "@/lib/server/db/url";
import { migrateDatabase } from "./database";

type Description = string[];

function push(databaseUrl: string): void {
  const env = { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" };
  const pushed = spawnSync("node_modules/.bin/prisma", ["db", "push", "--skip-generate", "--accept-data-loss"], { env, encoding: "utf8" });
  if (pushed.status !== 0) throw new Error(`prisma db push failed:\n${pushed.stdout}\n${pushed.stderr}`);
}

function describeSqlite(file: string): Description {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`).all() as { name: string }[];
    const lines: string[] = [];
    for (const { name } of tables) {
      for (const c of sqlite.pragma(`table_info("${name}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]) {
        lines.push(`${name}.${c.name} ${c.type}${c.notnull ? " NOT NULL" : ""}${c.dflt_value === null ? "" : ` DEFAULT ${c.dflt_value}`}${c.pk ? ` PK${c.pk}` : ""}`);
      }
      for (const i of sqlite.pragma(`index_list("${name}")`) as { name: string; unique: number; origin: string }[]) {
        const columns = (sqlite.pragma(`index_info("${i.name}")`) as { name: string }[]).map((c) => c.name).join(", ");
        // An automatic index (a primary key's) has a name SQLite makes up: its columns say what it is.
        const label = i.name.startsWith("sqlite_autoindex_") ? `(${i.origin})` : i.name;
        lines.push(`${name} index ${label}${i.unique ? " UNIQUE" : ""} (${columns})`);
      }
      for (const f of sqlite.pragma(`foreign_key_list("${name}")`) as { table: string; from: string; to: string; on_update: string; on_delete: string }[]) {
        lines.push(`${name}.${f.from} → ${f.table}.${f.to} ON UPDATE ${f.on_update} ON DELETE ${f.on_delete}`);
      }
    }
    return lines.sort();
  } finally {
    sqlite.close();
  }
}

async function describePostgres(url: string): Promise<Description> {
  const client = new pg.Client(postgresConnection(url));
  await client.connect();
  try {
    const rows = async (text: string) => (await client.query(text)).rows.map((row: Record<string, unknown>) => Object.values(row).join(" "));
    const migrations = `'_prisma_migrations'`;
    return [
      ...(await rows(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
                      WHERE table_schema = 'public' AND table_name <> ${migrations}`)),
      ...(await rows(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> ${migrations}`)),
      ...(await rows(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                      WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"${"_prisma_migrations"}"' AND conrelid <> 0`)),
      ...(await rows(`SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid`)),
    ].filter((line) => !line.startsWith("_prisma_migrations")).sort();
  } finally {
    await client.end();
  }
}

function compare(kind: string, migrated: Description, modelled: Description): boolean {
  const only = (a: Description, b: Description) => a.filter((line) => !b.includes(line));
  const missing = only(modelled, migrated);
  const extra = only(migrated, modelled);
  if (missing.length === 0 && extra.length === 0) {
    console.log(`${kind}: the migrations build exactly what prisma/models.prisma describes (${migrated.length} facts)`);
    return true;
  }
  console.error(`${kind}: the migrations and prisma/models.prisma disagree. Write a migration (prisma migrate diff) for:`);
  for (const line of missing) console.error(`  models only:     ${line}`);
  for (const line of extra) console.error(`  migrations only: ${line}`);
  return false;
}

async function checkSqlite(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), "mi-drift-"));
  try {
    const [migrated, modelled] = [join(dir, "migrated.db"), join(dir, "modelled.db")];
    if (!(await migrateDatabase(`file:${migrated}`))) throw new Error("prisma migrate deploy failed on SQLite");
    push(`file:${modelled}`);
    return compare("SQLite", describeSqlite(migrated), describeSqlite(modelled));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checkPostgres(serverUrl: string): Promise<boolean> {
  const admin = new pg.Client(postgresConnection(serverUrl));
  await admin.connect();
  const suffix = `${process.pid}_${Date.now()}`;
  const names = [`drift_migrated_${suffix}`, `drift_modelled_${suffix}`];
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
    if (!(await migrateDatabase(urlOf(names[0]!)))) throw new Error("prisma migrate deploy failed on PostgreSQL");
    push(urlOf(names[1]!));
    return compare("PostgreSQL", await describePostgres(urlOf(names[0]!)), await describePostgres(urlOf(names[1]!)));
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

async function main() {
  const results = [await checkSqlite()];
  if (process.env.TEST_POSTGRES_URL) results.push(await checkPostgres(process.env.TEST_POSTGRES_URL));
  else console.log("PostgreSQL: skipped (no TEST_POSTGRES_URL)");
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
