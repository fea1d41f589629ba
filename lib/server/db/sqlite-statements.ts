import "server-only";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Database, Statement } from "better-sqlite3";

/** Distinct statement texts kept compiled; the least recently used beyond this are compiled again when next used. */
export const STATEMENTS_KEPT = 300;

/**
 * Keeps SQLite statements compiled between uses. @prisma/adapter-better-sqlite3 compiles every statement it runs
 * afresh (`prepare(sql).bind(args)`): about a third of the database's CPU time in a sign-in went on compiling the
 * same dozen texts again. Here `prepare` hands out a view of one cached compiled statement per text, which the
 * adapter binds and runs exactly as it would a new one. better-sqlite3 runs each statement to completion
 * synchronously, so two requests can never be inside one shared statement at once.
 */
export function cacheSqliteStatements(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withStatementCache(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function withStatementCache(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const database = (adapter as unknown as { client?: Database }).client;
  // Another adapter version may keep its connection elsewhere: then statements are simply compiled each time.
  if (!database || typeof database.prepare !== "function") return adapter;
  const compile = database.prepare.bind(database);
  const kept = new Map<string, Statement>();
  database.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) kept.delete(source); // re-inserted below: a Map keeps insertion order, so the first key is the oldest use
    else statement = compile(source);
    kept.set(source, statement);
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    return reusable(statement);
  }) as Database["prepare"];
  return adapter;
}

/**
 * What the adapter does with a statement, for a shared one: its parameters go with each run instead of being bound
 * for good (a compiled statement's `bind` may be called only once in its life). A reader's rows are read before its
 * columns are described: SQLite recompiles a statement whose tables have changed (a migration run meanwhile) only
 * when it next runs, and until then the description would be the old one's.
 */
function reusable(statement: Statement) {
  const runWith = (params: unknown[]) => {
    let rows: unknown[] | undefined;
    const read = () => (rows ??= statement.raw(true).all(...params));
    return {
      reader: statement.reader,
      columns: () => {
        read();
        return statement.columns();
      },
      run: () => statement.run(...params),
      raw: (on = true) => ({ all: () => (on ? read() : statement.raw(false).all(...params)) }),
    };
  };
  return { ...runWith([]), bind: (...params: unknown[]) => runWith(params) };
}
