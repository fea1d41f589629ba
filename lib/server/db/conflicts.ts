import "server-only";

// On PostgreSQL every interactive transaction is SERIALIZABLE (postgres.ts): the code was written for SQLite, where
// transactions run one after another, and serializable isolation keeps that promise with many connections and many
// app instances. The price is that PostgreSQL may abort one of two overlapping transactions (SQLSTATE 40001) or
// break a deadlock (40P01), and a plain statement may be the deadlock's victim too. What it aborted did nothing, so
// it is simply run again: this module is the one policy for that, used by every way the code reaches PostgreSQL
// (a Prisma transaction, a transaction of hand-written SQL, a single statement of either). A clean-copy CI run once
// lost 2 of 50 concurrent sign-ups to a path that did not run it again (issue 21). SQLite never answers with
// these codes; its waiting for the write lock is its driver's busy timeout, as before.

/** Tries in all. With the waits below, the last one starts after at most about a second and a half. */
const ATTEMPTS = 10;
const FIRST_WAIT_MS = 5;
const LONGEST_WAIT_MS = 250;

const CONFLICT_CODES = new Set(["40001", "40P01"]);

type DriverCause = { kind?: string; originalCode?: string; code?: string };

/**
 * A serialization failure or a deadlock, however it arrives: Prisma's P2034, a Prisma error wrapping the driver
 * adapter's, the adapter's own DriverAdapterError (hand-written SQL, or an error at COMMIT), or pg's error.
 */
export function isConflict(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { name?: string; code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: DriverCause } } };
  if (e.code === "P2034") return true;
  if (typeof e.code === "string" && CONFLICT_CODES.has(e.code)) return true;
  const cause = e.meta?.driverAdapterError?.cause ?? (e.name === "DriverAdapterError" ? (e.cause as DriverCause | undefined) : undefined);
  if (!cause) return false;
  return cause.kind === "TransactionWriteConflict" || CONFLICT_CODES.has(cause.originalCode ?? "") || CONFLICT_CODES.has(cause.code ?? "");
}

/**
 * Runs `work`, and again while PostgreSQL aborts it for a conflict, after a random wait that grows with each try
 * ("full jitter"), so the ones that collided do not collide again at once. `work` must be whole: a transaction from
 * its BEGIN, or one statement outside any, never a piece of a transaction that is still open.
 */
export async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt)));
    }
  }
}
