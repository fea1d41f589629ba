import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/server/config/env";
import { serializeTransactions } from "./sqlite-serialized";
import { scopeTransactionCallbacks } from "./transaction-scope";

// One client per process; kept on globalThis so `next dev` reloads do not open a new connection each time.
const globalForDb = globalThis as unknown as { miDb?: PrismaClient };

function createClient(): PrismaClient {
  // better-sqlite3 waits up to `timeout` ms for another process's write lock instead of failing at once.
  const adapter = serializeTransactions(new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 10_000 }));
  // Transactions queue behind one another on the single connection, so allow a generous wait under bursts.
  return scopeTransactionCallbacks(new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } }));
}

export const db: PrismaClient = globalForDb.miDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.miDb = db;

/** The field names of a unique-constraint violation, or null when `error` is something else. */
export function uniqueViolationFields(error: unknown): string[] | null {
  const e = error as { code?: string; meta?: Record<string, unknown> } | null;
  if (!e || e.code !== "P2002") return null;
  const target = e.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === "string") return [target];
  const cause = (e.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } } | undefined)
    ?.cause;
  return cause?.constraint?.fields?.map(String) ?? [];
}
