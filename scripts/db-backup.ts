// `npm run db:backup -- <file>`: a consistent copy of the SQLite database, taken while the portal runs
// (SQLite's online backup API, which copies a snapshot page by page without stopping writers).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { loadEnv } from "./load-env";

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target) {
    console.error("usage: npm run db:backup -- <backup file>");
    return 2;
  }
  // env.ts accepts file: URLs only, so this is always a SQLite file.
  const source = resolve((await loadEnv()).DATABASE_URL.slice("file:".length));
  if (!existsSync(source)) {
    console.error(`No database at ${source}.`);
    return 1;
  }
  if (existsSync(resolve(target))) {
    console.error(`${resolve(target)} exists already; choose a new file.`);
    return 1;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(resolve(target));
    console.log(`Backed up ${source} to ${resolve(target)}`);
    return 0;
  } finally {
    db.close();
  }
}

void main().then((code) => (process.exitCode = code));
