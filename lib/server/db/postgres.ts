import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/postgres/client";
import { shareDriver } from "./driver";
import { assertOutsideTransactionCallback } from "./transaction-scope";
import { postgresConnection } from "./url";

// On PostgreSQL every interactive transaction is SERIALIZABLE: the code was written for SQLite, where
// transactions run one after another, and serializable isolation keeps that promise with many connections and
// many app instances. The price is that PostgreSQL may abort one of two overlapping transactions (SQLSTATE
// 40001, Prisma's P2034) or break a deadlock (40P01); that transaction is then simply run again. The callbacks
// only touch the database (mail leaves through the outbox, after the commit), so running one again is safe.
const RETRIES = 8;

/** The client, and its driver connection for hand-written SQL (sql.ts). */
export function createPostgresClient(url: string, poolSize: number) {
  // Connections are opened lazily; idle ones close after 30 s, so a quiet instance holds few.
  const { factory, connection } = shareDriver(
    refuseQueriesInsideTransactionCallbacks(
      new PrismaPg({ ...postgresConnection(url), max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 }),
    ),
  );
  const client = new PrismaClient({ adapter: factory, transactionOptions: { isolationLevel: "Serializable", maxWait: 10_000, timeout: 10_000 } });
  return { client: retryConflictingTransactions(client), connection };
}

type TransactionRunner = { $transaction: (...args: never[]) => unknown };

function retryConflictingTransactions<T extends TransactionRunner>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== "$transaction") return value;
      return async (work: unknown, options?: unknown) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).call(target, work, options);
          } catch (error) {
            if (attempt >= RETRIES || !isConflict(error)) throw error;
            // A little random wait, growing, so the two that collided do not collide again at once.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
          }
        }
      };
    },
  });
}

/** A serialization failure or a deadlock: the transaction did nothing and may run again. */
export function isConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } } | null;
  if (!e) return false;
  if (e.code === "P2034") return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40001" || cause?.originalCode === "40P01";
}

/**
 * A query on `db` inside a transaction callback fails at once (lib/server/db/transaction-scope.ts), as on SQLite.
 * Here it would not wait for the transaction but run beside it on another pooled connection: outside the
 * transaction's snapshot and not undone with it, and, with every connection held by a transaction waiting for one,
 * a deadlock of the pool.
 */
function refuseQueriesInsideTransactionCallbacks(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const guard = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "queryRaw" && property !== "executeRaw" && property !== "executeScript") return value;
        return async (...args: unknown[]) => {
          assertOutsideTransactionCallback();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => guard(await factory.connect()),
    connectToShadowDb: async () => guard(await factory.connectToShadowDb()),
  };
}
