import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/sqlite/client";
import type { PrismaClient as PostgresPrismaClient } from "@/generated/postgres/client";
import { env } from "@/lib/server/config/env";
import { createPostgresClient } from "./postgres";
import { serializeTransactions } from "./sqlite-serialized";
import { scopeTransactionCallbacks } from "./transaction-scope";
import type { TransactionClient } from "./types";
import { databaseKind } from "./url";

// One client per process; kept on globalThis so `next dev` reloads do not open a new connection each time.
// DATABASE_URL decides the database: a file: URL is SQLite (the embedded default), postgres:// is PostgreSQL.
// Both clients come from the same models and answer the same calls; lib/ sees one type (lib/server/db/types.ts).
const globalForDb = globalThis as unknown as { miDb?: PrismaClient };

function createClient(): PrismaClient {
  if (databaseKind(env.DATABASE_URL) === "postgres") {
    return scopeTransactionCallbacks(createPostgresClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE)) as unknown as PrismaClient;
  }
  // better-sqlite3 waits up to `timeout` ms for another process's write lock instead of failing at once.
  const adapter = serializeTransactions(new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 10_000 }));
  // Transactions queue behind one another on the single connection, so allow a generous wait under bursts.
  return scopeTransactionCallbacks(new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } }));
}

export const db: PrismaClient = globalForDb.miDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.miDb = db;

/**
 * Runs `work` in a transaction during which no other caller holding one of the same `keys` runs: a short critical
 * section for decisions that read several counters and must see them as one sequence would (the sign-in throttle).
 * On PostgreSQL, transaction-scoped advisory locks (taken in a fixed order, so two callers cannot deadlock), at
 * READ COMMITTED: the lock already orders the callers, and serializable retries would only make them queue twice.
 * On SQLite every transaction holds the one write lock anyway.
 */
export async function withKeysLocked<T>(keys: string[], work: (tx: TransactionClient) => Promise<T>): Promise<T> {
  if (databaseKind(env.DATABASE_URL) !== "postgres") return db.$transaction((tx) => work(tx));
  // The PostgreSQL client's own type: only it offers isolation levels other than Serializable.
  return (db as unknown as PostgresPrismaClient).$transaction(
    async (tx) => {
      // One statement for all the keys (each round trip costs this instance CPU), always in sorted order.
      const sorted = [...new Set(keys)].sort();
      const locks = sorted.map((_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 0))`).join(", ");
      await tx.$executeRawUnsafe(`SELECT ${locks}`, ...sorted);
      return work(tx as unknown as TransactionClient);
    },
    { isolationLevel: "ReadCommitted" },
  );
}

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
