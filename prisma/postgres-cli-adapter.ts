import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { postgresConnection } from "../lib/server/db/url";

// The adapter the Prisma CLI (migrate deploy, db push) uses on PostgreSQL. @prisma/adapter-pg 6.19 refuses
// result columns of the catalogue types `name` (OID 19) and `"char"` (OID 18), which the schema engine reads
// while migrating ("Column type 'name' could not be deserialized", prisma/orm#27403). Both are text; saying so
// here is the whole fix. The app's own queries never read them, so its adapter is left as it is.
// The adapter also runs a migration script by cutting it at every ";", which breaks a function body (the audit
// trail's trigger); here the script goes to PostgreSQL whole, which runs it as one transaction.
const TEXT = 25;
const CATALOGUE_TEXT_TYPES = new Set([18, 19]);

type PgResult = { fields: { dataTypeID: number }[] };
type WithPerformIO = { performIO: (query: SqlQuery) => Promise<PgResult> };

function readCatalogueTypesAsText<T extends SqlDriverAdapter | Transaction>(queryable: T): T {
  const target = queryable as unknown as WithPerformIO;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (CATALOGUE_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
    return result;
  };
  return queryable;
}

type PgAdapterInternals = { client: { query: (sql: string) => Promise<unknown> }; onError: (error: unknown) => never };

function whole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as PgAdapterInternals;
  adapter.executeScript = async (script) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

function withTextCatalogue(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => readCatalogueTypesAsText(await startTransaction(isolationLevel));
  return readCatalogueTypesAsText(adapter);
}

/**
 * Prisma 6.19's WASM schema engine arms a 10-second timer on PostgreSQL (a wait it races against) and leaves it
 * running once the command is done, so every `migrate deploy`, up to date or not, sat idle for 10 s before the
 * process could exit: 10 s more for each `npm start` on PostgreSQL. Its long timers are unref'd here: they still
 * fire while the process lives, but no longer keep it alive. While the engine works it holds a pooled connection
 * open, which does; once done, the pool's idle timeout below closes that too and the CLI exits.
 */
function longTimersDoNotHoldTheProcess(): void {
  const marked = globalThis as { miLongTimersUnrefd?: true };
  if (marked.miLongTimersUnrefd) return;
  marked.miLongTimersUnrefd = true;
  const setTimeoutAsGiven = globalThis.setTimeout;
  globalThis.setTimeout = ((handler: () => void, ms?: number, ...args: unknown[]) => {
    const timer = setTimeoutAsGiven(handler, ms, ...args);
    // Node's Timeout (the DOM's typings, which next build's type check also reads, say a number).
    if ((ms ?? 0) >= 5_000) (timer as unknown as { unref?: () => void }).unref?.();
    return timer;
  }) as typeof globalThis.setTimeout;
}

export function postgresCliAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  longTimersDoNotHoldTheProcess();
  // A short idle timeout lets the CLI exit as soon as it is done instead of waiting for pooled connections.
  const factory = new PrismaPg({ ...postgresConnection(url), idleTimeoutMillis: 1_000 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => whole(withTextCatalogue(await factory.connect())),
    connectToShadowDb: async () => whole(withTextCatalogue(await factory.connectToShadowDb())),
  };
}
