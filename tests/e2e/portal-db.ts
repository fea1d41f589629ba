import { join } from "node:path";
import Database from "better-sqlite3";

/** Reads the e2e app's database (read only) with one query, to check what a request left behind. */
export function queryPortalDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(process.env.E2E_DIR as string, "portal.db"), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
