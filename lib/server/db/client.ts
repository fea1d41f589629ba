import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/sqlite/client";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { env } from "@/lib/server/config/env";
import { shareDriver } from "./driver";
import { createPostgresClient } from "./postgres";
import { serializeTransactions } from "./sqlite-serialized";
import { cacheSqliteStatements } from "./sqlite-statements";
import { scopeTransactionCallbacks } from "./transaction-scope";
import { databaseKind } from "./url";

// One client per process; kept on globalThis so `next dev` reloads do not open a new connection each time.
// DATABASE_URL decides the database: a file: URL is SQLite (the embedded default), postgres:// is PostgreSQL.
// Both clients come from the same models and answer the same calls; lib/ sees one type (lib/server/db/types.ts).
type Clients = { db: PrismaClient; connection: () => Promise<SqlDriverAdapter> };
const globalForDb = globalThis as unknown as { miDb?: Clients };

function createClients(): Clients {
  if (databaseKind(env.DATABASE_URL) === "postgres") {
    const { client, connection } = createPostgresClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
    return { db: scopeTransactionCallbacks(client) as unknown as PrismaClient, connection };
  }
  // better-sqlite3 waits up to `timeout` ms for another process's write lock instead of failing at once.
  const { factory, connection } = shareDriver(
    serializeTransactions(cacheSqliteStatements(new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 10_000 }))),
  );
  // Transactions queue behind one another on the single connection, so allow a generous wait under bursts.
  return { db: scopeTransactionCallbacks(new PrismaClient({ adapter: factory, transactionOptions: { maxWait: 10_000, timeout: 10_000 } })), connection };
}

const clients = globalForDb.miDb ?? createClients();
if (process.env.NODE_ENV !== "production") globalForDb.miDb = clients;

export const db: PrismaClient = clients.db;

/** The driver connection `db` uses, for hand-written SQL (sql.ts). */
export const driverConnection = clients.connection;

/** The field names of a unique-constraint violation, or null when `error` is something else. */
export function uniqueViolationFields(error: unknown): string[] | null {
  const e = error as { code?: string; meta?: Record<string, unknown> } | null;
  if (!e || e.code !== "P2002") return null;
  const target = e.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  const cause = (e.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } } | undefined)
    ?.cause;
  // PostgreSQL names quoted columns with their quotes ("miId").
  return cause?.constraint?.fields?.map((field) => String(field).replace(/^"(.*)"$/, "$1")) ?? [];
}
