import "server-only";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { env } from "@/lib/server/config/env";
import { databaseKind, postgresConnection, sqliteFile } from "./url";

// Whether the database can be read right now, asked on a connection of the probe's own with a short wait: the
// app's connections wait up to 10 s (a lock on SQLite, a pool slot or a connect on PostgreSQL), far too long to
// tell people "try again shortly". Resolves false on any failure; never throws.
const PROBE_WAIT_MS = 200;
// A new connection costs PostgreSQL a process; under full load that takes a while, which is not an outage.
const POSTGRES_PROBE_WAIT_MS = 3_000;

export async function probeDatabase(): Promise<boolean> {
  return databaseKind(env.DATABASE_URL) === "postgres" ? probePostgres() : probeSqlite();
}

async function probeSqlite(): Promise<boolean> {
  const connection = new Database(resolve(sqliteFile(env.DATABASE_URL)), { readonly: true, fileMustExist: true, timeout: PROBE_WAIT_MS });
  try {
    // A table every migrated database has: a file that exists but is not the portal's fails here.
    connection.prepare('SELECT COUNT(*) FROM "_sqlite_write_lock"').get();
    return true;
  } finally {
    connection.close();
  }
}

// A try can miss its short wait through no fault of the database: a connection needs the event loop, which a
// server busy loading a page's code (just started, on a loaded machine) may not give it for a second. One more try,
// on a new connection, before calling the database down; a database that refuses connections fails both at once.
async function probePostgres(): Promise<boolean> {
  try {
    return await askPostgres();
  } catch {
    return askPostgres();
  }
}

// The probe keeps its one connection between asks. A new one for each ask (a load balancer's check every second,
// the 503 hint every two seconds) cost PostgreSQL a new server process each time: a fork and a cold catalogue
// cache, several milliseconds of CPU per ask on the database's cores. A connection that fails an ask is closed,
// and the next ask opens a new one.
const probeState = globalThis as unknown as { miProbeConnection?: Promise<pg.Client> | null };

async function askPostgres(): Promise<boolean> {
  const connecting = (probeState.miProbeConnection ??= openProbeConnection());
  try {
    const client = await connecting;
    await client.query('SELECT 1 FROM "_prisma_migrations" LIMIT 1');
    return true;
  } catch (error) {
    if (probeState.miProbeConnection === connecting) probeState.miProbeConnection = null;
    void connecting.then((client) => client.end()).catch(() => undefined);
    throw error;
  }
}

async function openProbeConnection(): Promise<pg.Client> {
  const client = new pg.Client({
    ...postgresConnection(env.DATABASE_URL),
    connectionTimeoutMillis: POSTGRES_PROBE_WAIT_MS,
    query_timeout: POSTGRES_PROBE_WAIT_MS,
  });
  // A connection dropped while idle is noticed by the next ask's query, which then fails and is retried afresh.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}
