import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// Inside `db.$transaction(async (tx) => …)` every query must go through `tx`. A query on `db` there would wait
// for the very transaction it runs in (SQLite has one connection: lib/server/db/sqlite-serialized.ts) and fail
// only when the transaction times out, 10 s later; on PostgreSQL it would run outside the transaction, on another
// pooled connection (lib/server/db/postgres.ts). The callback runs in this scope, and a query on `db` from inside
// it fails at once with an error that says why, on both.
const scope = new AsyncLocalStorage<true>();

export class QueryOutsideTransactionError extends Error {
  constructor() {
    super("A query on `db` ran inside a $transaction callback: use the callback's `tx` client instead.");
    this.name = "QueryOutsideTransactionError";
  }
}

/** Whether this runs inside a transaction's callback (where a conflict aborts the whole transaction: postgres.ts). */
export function insideTransactionCallback(): boolean {
  return scope.getStore() === true;
}

/** Throws when called from inside a transaction callback (the driver adapter calls it before a plain query). */
export function assertOutsideTransactionCallback(): void {
  if (insideTransactionCallback()) throw new QueryOutsideTransactionError();
}

/** Runs a transaction's callback in that scope (for transactions opened by hand: sql.ts). */
export function inTransactionScope<T>(work: () => T): T {
  return scope.run(true, work);
}

/**
 * Runs `work` outside any transaction's callback, for work a statement inside one merely sets off and does not wait
 * for (an occasional sweep, lib/server/ops/sweep.ts): it is not part of the transaction, and runs on `db`.
 */
export function outsideTransactionScope<T>(work: () => T): T {
  return scope.exit(work);
}

type TransactionRunner = { $transaction: (...args: never[]) => unknown };

/** The client with its interactive transactions' callbacks run in the scope checked above. */
export function scopeTransactionCallbacks<T extends TransactionRunner>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== "$transaction") return value;
      return (work: unknown, options?: unknown) => {
        if (typeof work !== "function") return (value as (...a: unknown[]) => unknown).call(target, work, options);
        const scoped = (tx: unknown) => inTransactionScope(() => (work as (tx: unknown) => unknown)(tx));
        return (value as (...a: unknown[]) => unknown).call(target, scoped, options);
      };
    },
  });
}
