// `npm run db:backup -- <file>`: a consistent copy of the SQLite database, taken while the portal runs
// (SQLite's online backup API, which copies a snapshot page by page without stopping writers).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";

const target = process.argv[2];
const url = process.env.DATABASE_URL || "file:./data/mi.db";
if (!target) {
  console.error("usage: npm run db:backup -- <backup file>");
  process.exit(2);
}
if (!url.startsWith("file:")) {
  console.error("db:backup copies SQLite databases only (DATABASE_URL must start with file:).");
  process.exit(2);
}
const source = resolve(url.slice("file:".length));
if (!existsSync(source)) {
  console.error(`No database at ${source}.`);
  process.exit(1);
}
if (existsSync(resolve(target))) {
  console.error(`${resolve(target)} exists already; choose a new file.`);
  process.exit(1);
}
const db = new Database(source, { readonly: true, fileMustExist: true });
try {
  await db.backup(resolve(target));
  console.log(`Backed up ${source} to ${resolve(target)}`);
} finally {
  db.close();
}
