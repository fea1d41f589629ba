// `npm start`: bring the database up to date, then serve the production build on PORT.
// Works on a fresh clone's first run: the SQLite file and its folder are created when missing.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

process.env.CHECKPOINT_DISABLE = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.NODE_ENV = "production";
process.env.DATABASE_URL ||= "file:./data/mi.db";
const env = process.env;
const port = Number(env.PORT || 3000);

if (env.DATABASE_URL.startsWith("file:")) {
  const file = resolve(env.DATABASE_URL.slice("file:".length));
  mkdirSync(dirname(file), { recursive: true });
  // WAL lets readers carry on while one request writes; the setting is stored in the file itself.
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

const migrate = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env, stdio: "inherit" });
if (migrate.status !== 0) {
  console.error("Database migration failed; not starting the portal.");
  process.exit(migrate.status ?? 1);
}

const { startServer, stopGracefully } = await import("./server.mjs");
const server = await startServer({ port });
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stopGracefully(server, signal));
