import "server-only";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { assertOutsideTransactionCallback } from "./transaction-scope";

/**
 * Makes the SQLite driver adapter safe for concurrent requests in one process.
 *
 * @prisma/adapter-better-sqlite3 runs everything on one connection and only makes transactions wait for each
 * other: a plain query from another request, sent while a transaction is open, runs inside that transaction
 * and is undone if it rolls back. Here every query outside a transaction waits until no transaction is open.
 * better-sqlite3 runs a statement synchronously, so nothing can begin between the check and the statement.
 *
 * Each transaction also takes SQLite's write lock at once (as BEGIN IMMEDIATE would; the adapter only issues
 * BEGIN). Otherwise a transaction that reads and then writes, while another connection (another process, an
 * operator's script) committed in between, fails with SQLITE_BUSY_SNAPSHOT instead of waiting its turn.
 */
export function serializeTransactions(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => guard(await factory.connect()),
    connectToShadowDb: async () => guard(await factory.connectToShadowDb()),
  };
}

// A write that changes nothing: enough for SQLite to take the write lock (waiting for it like any writer).
const TAKE_WRITE_LOCK: SqlQuery = { sql: 'UPDATE "_sqlite_write_lock" SET "id" = "id" WHERE 0', args: [], argTypes: [] };

function guard(inner: SqlDriverAdapter): SqlDriverAdapter {
  let open: Promise<void> | null = null;

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async queryRaw(query: SqlQuery) {
      assertOutsideTransactionCallback();
      while (open) await open;
      return inner.queryRaw(query);
    },
    async executeRaw(query: SqlQuery) {
      assertOutsideTransactionCallback();
      while (open) await open;
      return inner.executeRaw(query);
    },
    async executeScript(script: string) {
      assertOutsideTransactionCallback();
      while (open) await open;
      return inner.executeScript(script);
    },
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      while (open) await open;
      let release = () => {};
      open = new Promise<void>((resolve) => (release = resolve));
      const finish = () => {
        open = null;
        release();
      };
      let tx: Transaction;
      try {
        tx = await inner.startTransaction(isolationLevel);
      } catch (error) {
        finish();
        throw error;
      }
      try {
        await tx.executeRaw(TAKE_WRITE_LOCK);
      } catch (error) {
        // The lock did not come in time (busy_timeout): end the transaction begun above before giving up.
        await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
        await tx.rollback();
        finish();
        throw error;
      }
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (query) => tx.queryRaw(query),
        executeRaw: (query) => tx.executeRaw(query),
        commit: () => tx.commit().finally(finish),
        rollback: () => tx.rollback().finally(finish),
      };
    },
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}
