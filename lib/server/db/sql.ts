import "server-only";
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import { driverConnection } from "./client";
import { retryConflicts } from "./conflicts";
import { prepareOnEachConnection } from "./prepared-statements";
import { assertOutsideTransactionCallback, inTransactionScope } from "./transaction-scope";

// Hand-written SQL sent straight to the driver, for the statements every sign-in runs. Through the Prisma client a
// model call costs about 1.2 ms of CPU (its query compiler) and even `$queryRaw` about 0.2 ms; here a statement
// costs a few hundredths of a millisecond. One text serves both databases: quoted names, ON CONFLICT and
// RETURNING mean the same on SQLite and PostgreSQL, and values go as parameters (never spliced into the text).
// Rows come back as the driver gives them, so the per-table modules (tables/) read each column with a checked
// reader of raw.ts, and no other module writes SQL by hand. The connection is the client's own (driver.ts), so
// SQLite's transactions still queue one behind another and a plain statement still waits for an open transaction.

export type SqlValue = string | number | bigint | boolean | Date | null;

/** Statements on the database, or on one open transaction. */
export type Sql = {
  /** The rows a statement (SELECT, or anything with RETURNING) gives, as objects keyed by column name. */
  rows<T>(text: TemplateStringsArray, ...values: SqlValue[]): Promise<T[]>;
  /** Runs a statement; the number of rows it changed. */
  run(text: TemplateStringsArray, ...values: SqlValue[]): Promise<number>;
};

const argType = (value: SqlValue): ArgType => ({
  arity: "scalar",
  scalarType:
    value instanceof Date ? "datetime" : typeof value === "bigint" ? "bigint" : typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value === "boolean" ? "boolean" : "string",
});

// A call site's template is the same array every time, so its text is joined once per database, and on PostgreSQL
// prepared once per connection (prepared-statements.ts). (SQLite's statements are cached: sqlite-statements.ts.)
const joined = new WeakMap<TemplateStringsArray, string>();
function statement(provider: SqlDriverAdapter["provider"], text: TemplateStringsArray, values: SqlValue[]): SqlQuery {
  let sql = joined.get(text);
  if (sql === undefined) {
    sql = text.reduce((all, part, i) => `${all}${provider === "postgres" ? `$${i}` : "?"}${part}`);
    if (provider === "postgres") prepareOnEachConnection(sql);
    joined.set(text, sql);
  }
  return { sql, args: values, argTypes: values.map(argType) };
}

/**
 * Statements on `queryable`. Outside a transaction (`retry`), a statement PostgreSQL aborts for a conflict runs
 * again (conflicts.ts); inside one, the whole transaction does (withKeysLocked).
 */
function on(queryable: () => Promise<SqlQueryable>, { retry }: { retry: boolean }): Sql {
  const send = async <R>(query: (target: SqlQueryable) => Promise<R>): Promise<R> => {
    const target = await queryable();
    return retry && target.provider === "postgres" ? retryConflicts(() => query(target)) : query(target);
  };
  return {
    async rows<T>(text: TemplateStringsArray, ...values: SqlValue[]) {
      const result = await send((target) => target.queryRaw(statement(target.provider, text, values)));
      return result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])) as T);
    },
    run(text: TemplateStringsArray, ...values: SqlValue[]) {
      return send((target) => target.executeRaw(statement(target.provider, text, values)));
    },
  };
}

/** Outside any transaction. */
export const sql: Sql = on(driverConnection, { retry: true });

/**
 * A statement on the app's own connection (SQLite's, or one of PostgreSQL's pool); throws when it fails. The health
 * check asks every second, and through the Prisma client the question cost several times as much CPU.
 */
export async function pingConnection(): Promise<void> {
  await sql.rows`SELECT 1`;
}

const control = (text: string): SqlQuery => ({ sql: text, args: [], argTypes: [] });

/**
 * Runs `work` in a transaction during which no other caller holding one of the same `keys` runs: a short critical
 * section for decisions that read several counters and must see them as one sequence would (the sign-in throttle).
 * On PostgreSQL, transaction-scoped advisory locks (taken in a fixed order, so two callers cannot deadlock), at
 * the server's default isolation, READ COMMITTED unless an operator changed it: the lock already orders the
 * callers. Naming the level would cost a round trip of its own in every sign-in (the adapter sends SET TRANSACTION
 * after BEGIN). Should PostgreSQL still abort it (a deadlock with another transaction, or a conflict under a
 * stricter default), it runs again from the start (conflicts.ts). On SQLite every transaction holds the one write lock.
 * Inside `work`, every statement must go through its `tx`: a plain one, or another transaction, would wait for
 * this very transaction (forever, on SQLite's one connection), so both are refused at once.
 */
export async function withKeysLocked<T>(keys: string[], work: (tx: Sql) => Promise<T>): Promise<T> {
  assertOutsideTransactionCallback();
  const connection = await driverConnection();
  // On PostgreSQL a deadlock with another transaction (40P01) aborts this one: it runs again from the start.
  return connection.provider === "postgres" ? retryConflicts(() => lockedTransaction(connection, keys, work)) : lockedTransaction(connection, keys, work);
}

/**
 * Runs `work`'s statements as one transaction, for writes that belong together: one commit where each statement
 * alone would be one of its own. On PostgreSQL every commit flushes the write-ahead log; the end of a sign-in writes
 * four rows, and as one transaction they cost the database and the machine about a third less CPU (measured in
 * docs/BENCHMARKS.md). The rules inside are withKeysLocked's, which this is with no keys.
 */
export function inOneTransaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
  return withKeysLocked([], work);
}

// The statement that takes `count` advisory locks: one text per count, built and marked for preparing once.
const lockStatements = new Map<number, string>();
function lockStatement(count: number): string {
  let text = lockStatements.get(count);
  if (text === undefined) {
    text = `SELECT ${Array.from({ length: count }, (_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 0))`).join(", ")}`;
    prepareOnEachConnection(text);
    lockStatements.set(count, text);
  }
  return text;
}

async function lockedTransaction<T>(connection: SqlDriverAdapter, keys: string[], work: (tx: Sql) => Promise<T>): Promise<T> {
  const postgres = connection.provider === "postgres";
  const tx: Transaction = await connection.startTransaction();
  const txSql = on(async () => tx, { retry: false });
  try {
    const sorted = [...new Set(keys)].sort();
    // Not awaited: the lock goes out with the work's first statement (pipelined, prepared-statements.ts), and
    // PostgreSQL takes it before running that statement, so the work still runs holding it; one round trip fewer.
    // Should the lock fail (a deadlock), the work's statements fail with it, and the lock's error is the one thrown.
    const locking = postgres && sorted.length > 0 ? tx.executeRaw({ sql: lockStatement(sorted.length), args: sorted, argTypes: sorted.map(argType) }) : Promise.resolve(0);
    locking.catch(() => undefined);
    const result = await inTransactionScope(() => work(txSql)).catch(async (error: unknown) => {
      await locking;
      throw error;
    });
    await locking;
    await tx.executeRaw(control("COMMIT"));
    await tx.commit();
    return result;
  } catch (error) {
    await tx.executeRaw(control("ROLLBACK")).catch(() => undefined);
    await tx.rollback().catch(() => undefined);
    throw error;
  }
}
