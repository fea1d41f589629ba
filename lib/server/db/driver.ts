import "server-only";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * The driver connection (SQLite's one connection, PostgreSQL's pool) that the Prisma client and hand-written SQL
 * (sql.ts) share: one queue of SQLite transactions (sqlite-serialized.ts), one pool size. `factory` is what the
 * client is given; `connection()` is the same adapter the client connects to, opened by whichever asks first.
 */
export function shareDriver(inner: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  connection: () => Promise<SqlDriverAdapter>;
} {
  let opened: Promise<SqlDriverAdapter> | null = null;
  const open = () => {
    const opening: Promise<SqlDriverAdapter> = inner.connect().then(
      // Forgotten only while still the current one: a late dispose of an old adapter leaves a newer one alone.
      (adapter) => disposable(adapter, () => opened === opening && (opened = null)),
      (error: unknown) => {
        opened = null; // the next caller tries again (the database may be back)
        throw error;
      },
    );
    return opening;
  };
  const connection = () => (opened ??= open());
  return {
    factory: { provider: inner.provider, adapterName: inner.adapterName, connect: connection, connectToShadowDb: () => inner.connectToShadowDb() },
    connection,
  };
}

/**
 * The adapter, forgetting itself when the client disposes of it ($disconnect), so a later query opens anew. Its own
 * `dispose` is replaced in place (a Proxy would cost a trap on every statement's method look-up).
 */
function disposable(adapter: SqlDriverAdapter, forget: () => unknown): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  Object.defineProperty(adapter, "dispose", {
    configurable: true,
    value: () => {
      forget();
      return dispose();
    },
  });
  return adapter;
}
