import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/postgres/client";
import { retryConflicts } from "./conflicts";
import { shareDriver } from "./driver";
import { assertOutsideTransactionCallback, insideTransactionCallback } from "./transaction-scope";
import { postgresConnection } from "./url";

// Every interactive transaction is SERIALIZABLE, and is run again when PostgreSQL aborts it for a conflict, as is
// any Prisma call outside a transaction (conflicts.ts says why and how; sql.ts does the same for hand-written SQL).
// The callbacks only touch the database (mail leaves through the outbox, after the commit), so running one again
// is safe.

/**
 * How long a statement or a transaction waits for one of the pool's connections. A burst (200 sign-ups at once on
 * a pool of 10) queues for them; at 10 s a busy machine turned some of that queue into 500s. A wait this long is
 * an outage, which the proxy answers with its 503 page once the database probe fails.
 */
const POOL_WAIT_MS = 30_000;

/** The client, and its driver connection for hand-written SQL (sql.ts). */
export function createPostgresClient(url: string, poolSize: number) {
  // Connections are opened lazily; idle ones close after 30 s, so a quiet instance holds few.
  const { factory, connection } = shareDriver(
    refuseQueriesInsideTransactionCallbacks(
      new PrismaPg({ ...postgresConnection(url), max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: POOL_WAIT_MS }),
    ),
  );
  const client = new PrismaClient({ adapter: factory, transactionOptions: { isolationLevel: "Serializable", maxWait: POOL_WAIT_MS, timeout: 10_000 } });
  return { client: retryConflictingTransactions(retryConflictingOperations(client)), connection };
}

/**
 * A Prisma call on `db` outside a transaction callback runs again, whole, when aborted (some, such as updateMany,
 * open a transaction of their own). Inside a callback a call is part of that transaction, and the whole transaction
 * runs again instead (below).
 */
function retryConflictingOperations(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      $allOperations: ({ args, query }) => (insideTransactionCallback() ? query(args) : retryConflicts(() => query(args))),
    },
  }) as unknown as PrismaClient;
}

type TransactionRunner = { $transaction: (...args: never[]) => unknown };

function retryConflictingTransactions<T extends TransactionRunner>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== "$transaction") return value;
      return (work: unknown, options?: unknown) => retryConflicts(() => (value as (...a: unknown[]) => Promise<unknown>).call(target, work, options));
    },
  });
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
