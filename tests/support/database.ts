import { execFileSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, postgresConnection } from "@/lib/server/db/url";

// The database the tests run on, and plain SQL against it for checks that bypass the app.
// TEST_DATABASE=postgres (with TEST_POSTGRES_URL, a server where databases may be created, as
// scripts/throwaway-postgres.sh prints) runs the suites on PostgreSQL; otherwise on SQLite files.
//
// Write SQL that both understand: identifiers in double quotes ("accountId": PostgreSQL folds unquoted names to
// lower case), `?` for parameters (turned into $1, $2… for PostgreSQL), no rowid (use the table's key).

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (scripts/throwaway-postgres.sh start DIR prints one)");
  return url;
}

/** The URL of `name` on the test PostgreSQL server. */
function postgresUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

function newDatabaseName(): string {
  return `mi_test_${randomBytes(6).toString("hex")}`;
}

/**
 * A fresh database for one portal or one test file: a new file in `dir` on SQLite, a new database on the PostgreSQL
 * server; empty, or a copy of `template` when given (a file, or a database that must have no open connections).
 */
export async function freshDatabaseUrl(dir: string, template?: string): Promise<string> {
  if (testDatabaseKind() === "sqlite") {
    const file = join(dir, `${newDatabaseName()}.db`);
    if (template) copyFileSync(template.slice("file:".length), file);
    return `file:${file}`;
  }
  const name = newDatabaseName();
  await sql(adminUrl(), `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${postgresConnection(template).database}"` : ""}`);
  return postgresUrl(name);
}

/** freshDatabaseUrl for configuration files, which cannot wait for a promise (playwright.config.ts). */
export function freshDatabaseUrlSync(dir: string): string {
  if (testDatabaseKind() === "sqlite") return `file:${join(dir, "portal.db")}`;
  const name = newDatabaseName();
  const script = `const c=new (require("pg").Client)(process.argv[1]);c.connect().then(()=>c.query(process.argv[2])).then(()=>c.end(),(e)=>{console.error(e.message);process.exit(1)})`;
  execFileSync(process.execPath, ["-e", script, adminUrl(), `CREATE DATABASE "${name}"`], { stdio: "inherit" });
  return postgresUrl(name);
}

// COUNT(*) and other bigints as numbers, as SQLite gives them; Prisma's TIMESTAMP(3) columns (no time zone) hold
// UTC, as the app's driver adapter reads and writes them, whatever the time zone of the machine running the tests.
const INT8 = 20;
const TIMESTAMP = 1114;
const types = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/** Runs one statement on the database at `url` and returns its rows (none for a statement that returns none). */
export async function sql<T = Record<string, unknown>>(url: string, text: string, ...params: unknown[]): Promise<T[]> {
  if (databaseKind(url) === "sqlite") {
    const db = new Database(url.slice("file:".length), { fileMustExist: true });
    try {
      db.pragma("busy_timeout = 5000");
      const statement = db.prepare(text);
      const values = params.map((value) => (typeof value === "boolean" ? Number(value) : value));
      return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ ...postgresConnection(url), types });
  await client.connect();
  try {
    let n = 0;
    const values = params.map((value) => (value instanceof Date ? value.toISOString() : value));
    const result = await client.query(text.replace(/\?/g, () => `$${++n}`), values);
    return result.rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A time in the representation the app's driver adapter uses for the column's `existing` value: SQLite's may be
 * epoch milliseconds or an ISO string; PostgreSQL takes a Date.
 */
export function timestampLike(existing: unknown, when: Date): unknown {
  if (typeof existing === "number") return when.getTime();
  if (typeof existing === "string") return when.toISOString();
  return when;
}

/** A stored time as epoch milliseconds, whichever way it came back; null stays null. */
export function epochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  return typeof value === "number" ? value : new Date(String(value)).getTime();
}
