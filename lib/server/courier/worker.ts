import "server-only";
import { errorSummary, log } from "@/lib/server/log";
import { env } from "@/lib/server/config/env";
import { sendDueMessages, type Composers } from "./outbox";

// One worker per app process (instrumentation.ts starts it). Several processes may run one each: messages
// are claimed with a conditional update and a lease, so each is sent by one of them at a time.
const state = globalThis as unknown as { miOutboxWorker?: NodeJS.Timeout };

/** `composers`: the flows' writers of messages queued unwritten (outbox.ts), by kind. */
export function startOutboxWorker({ composers, intervalMs = env.OUTBOX_POLL_MS }: { composers: Composers; intervalMs?: number }): void {
  if (state.miOutboxWorker) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const counts = await sendDueMessages({ composers });
      if (counts.sent + counts.retrying + counts.dead + counts.dropped + counts.expired > 0) log.info("outbox.tick", counts);
    } catch (error) {
      // The database may be away for a moment; the next tick tries again.
      log.error("outbox.tick-failed", { error: errorSummary(error) });
    } finally {
      running = false;
    }
  };
  state.miOutboxWorker = setInterval(tick, intervalMs);
  state.miOutboxWorker.unref();
}
