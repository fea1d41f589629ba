import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/postgres/client";
import { retryConflicts } from "./conflicts";
import { PreparingClient } from "./prepared-statements";
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
 * an outage, which the front door answers with its 503 page once the database probe fails.
 */
const POOL_WAIT_MS = 30_000;

/** The client, and its driver connection for hand-written SQL (sql.ts). */
export function createPostgresClient(url: string, poolSize: number) {
  // Connections are opened lazily; idle ones close after 30 s, so a quiet instance holds few. Each sends the
  // hand-written statements by name (prepared-statements.ts).
  const { factory, connection } = shareDriver(
    refuseQueriesInsideTransactionCallbacks(
      new PrismaPg({ ...postgresConnection(url), max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: POOL_WAIT_MS, Client: PreparingClient }),
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
        if (property === "startTransaction") {
          return async (...args: unknown[]) => releasedWhenEndFails(await (value as (...a: unknown[]) => Promise<Transaction>).apply(target, args));
        }
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

/**
 * A transaction whose pooled connection goes back to the pool even when its COMMIT or ROLLBACK fails. Prisma 6.19's
 * transaction manager sends COMMIT and only then calls the adapter's commit(), which is what releases the
 * connection: when PostgreSQL refuses the COMMIT (a serialization failure, which SERIALIZABLE reports at commit
 * as often as before it), the connection was never released, and each such conflict took one of the pool's for
 * good until none were left (found by issue 22's binding tests: $disconnect then waited for ever). Here a failed
 * end releases it at once (PostgreSQL has already ended the transaction), and the transaction is over: any later
 * statement on it is refused and a later commit() or rollback() does nothing, so nothing reaches a connection that
 * may by then be another transaction's.
 */
function releasedWhenEndFails(tx: Transaction): Transaction {
  let ended = false;
  const release = async () => {
    if (ended) return;
    ended = true;
    await tx.rollback(); // the adapter's rollback() sends nothing: it only releases the connection
  };
  const refuseOnceEnded = () => {
    if (ended) throw new Error("This transaction has ended: its COMMIT or ROLLBACK failed, and its connection went back to the pool");
  };
  return new Proxy(tx, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "commit" || property === "rollback") {
        return async () => {
          if (ended) return;
          ended = true;
          return (value as () => Promise<void>).call(target);
        };
      }
      if (property === "executeRaw" || property === "queryRaw") {
        return async (query: SqlQuery) => {
          refuseOnceEnded();
          try {
            return await (value as (q: SqlQuery) => Promise<unknown>).call(target, query);
          } catch (error) {
            if (query.sql === "COMMIT" || query.sql === "ROLLBACK") await release().catch(() => undefined);
            throw error;
          }
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
