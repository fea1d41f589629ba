import "server-only";
import { outsideTransactionScope } from "@/lib/server/db/transaction-scope";
import { errorSummary, log } from "@/lib/server/log";

/**
 * A clean-up of expired rows that runs at most once per `everyMs` in this process, started by whatever request
 * passes by and not awaited: it keeps deletes off the hot path. Expired rows are never honoured, so a sweep
 * missed (another instance does it, or the next one here) changes nothing but the table's size.
 */
export function occasionalSweep({ name, everyMs, sweep }: { name: string; everyMs: number; sweep: (now: Date) => Promise<unknown> }): (now: Date) => void {
  let next = 0;
  return (now) => {
    if (now.getTime() < next) return;
    next = now.getTime() + everyMs;
    // Set off by a statement that may be inside a transaction (a sign-in's trusted browser, session-start.ts). A
    // Prisma query starts when it is awaited, so that happens in here too.
    outsideTransactionScope(() => sweep(now).catch((error) => log.warn(`${name}.sweep_failed`, { error: errorSummary(error) })));
  };
}
