import "server-only";
import pg from "pg";

// PostgreSQL parses and plans a statement every time it is sent, unless it comes as a named prepared statement:
// then once per connection, and each later use only binds its values. Measured here on a primary-key look-up:
// PostgreSQL's CPU per statement halves (78 → 38 µs) and the driver's drops by a fifth, and a sign-in sends nine
// such statements. So the hand-written statements (sql.ts), few and fixed, are sent by name; Prisma's own are not,
// as their texts vary (one per length of an IN list) and a connection keeps each prepared statement until it closes.
// A connection pooler in transaction mode must pass prepared statements on (PgBouncer 1.21 or later, with
// max_prepared_statements set).

const names = new Map<string, string>();

/** Marks `text` to be prepared once on each connection and sent by name from then on. */
export function prepareOnEachConnection(text: string): void {
  if (!names.has(text)) names.set(text, `mi_${names.size + 1}`);
}

/** A query config with its statement's name, when its text was marked. */
function named(config: unknown): unknown {
  if (typeof config !== "object" || config === null || "name" in config) return config;
  const text = (config as { text?: unknown }).text;
  const name = typeof text === "string" ? names.get(text) : undefined;
  return name === undefined ? config : { ...config, name };
}

/**
 * The pg client class for the pool (the pool's `Client` option): a connection that sends marked statements by name.
 * @prisma/adapter-pg passes a query config object to `query`, which is where the name goes in.
 *
 * It also pipelines: statements a caller sends without waiting for each other (Promise.all inside one transaction,
 * as the end of a sign-in does: flows/login/session-start.ts) go out at once and their answers come back together,
 * one round trip where each would cost one of its own. PostgreSQL still runs them one after another, in the order
 * sent; a caller that awaits each statement, as Prisma's client does, sees no difference. Measured on two cores, the
 * sign-in's end in one round trip instead of four saved about 0.6 ms of CPU per sign-in (docs/BENCHMARKS.md).
 */
export class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    // `pipeline` (pg 8.21+) is not in @types/pg yet.
    super({ ...(typeof config === "string" ? { connectionString: config } : config), pipeline: true } as pg.ClientConfig);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    Object.defineProperty(this, "query", { configurable: true, writable: true, value: (config: unknown, ...rest: unknown[]) => query(named(config), ...rest) });
  }
}
