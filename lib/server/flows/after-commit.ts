import "server-only";
import { sendMessage, type QueuedMessage } from "@/lib/server/courier/outbox";
import { log } from "@/lib/server/log";
import { recordAudit, type AuditEntry } from "@/lib/server/security/audit";
import type { RequestContext } from "./context";

// The one way every flow ends, after its transaction has committed (Kratos's post-persist hooks): the messages
// it queued go out after the response, the audit trail gets its rows, the log its line. Written after the
// commit, so the audit write neither waits for the transaction nor rolls back with it, and a message is never
// sent for a change that did not happen.

export type AfterCommit = {
  /** Messages the flow's transaction queued. */
  send?: QueuedMessage[];
  /** Rows for the audit trail, with the request's address group unless `withoutAddress` (a deleted account's). */
  audit?: (Omit<AuditEntry, "ipGroup"> & { withoutAddress?: true })[];
  log?: { event: string; fields?: Record<string, unknown> };
};

/** What became of the flow's messages: sent now, failed now (the courier retries), left for after the response, or none. */
export type Dispatch = "sent" | "failed" | "after-response" | "none";

export async function afterCommit(context: RequestContext, steps: AfterCommit): Promise<Dispatch> {
  const { now, ipGroup } = context;
  for (const { withoutAddress, ...entry } of steps.audit ?? []) await recordAudit({ ...entry, ipGroup: withoutAddress ? null : ipGroup }, now);
  const queued = steps.send ?? [];
  const dispatch = queued.length === 0 ? "none" : await deliver({ context, queued });
  if (steps.log) log.info(steps.log.event, { ...steps.log.fields, ...(dispatch === "none" ? {} : { mail: dispatch }) });
  return dispatch;
}

async function deliver({ context, queued }: { context: RequestContext; queued: QueuedMessage[] }): Promise<Dispatch> {
  const sendAll = async () => {
    let allSent = true;
    for (const { messageId, ifUnsent } of queued) {
      if ((await sendMessage({ id: messageId, now: context.now })) === "sent") continue;
      allSent = false;
      await ifUnsent?.();
    }
    return allSent;
  };
  if (!context.afterResponse) return (await sendAll()) ? "sent" : "failed";
  context.afterResponse(async () => {
    await sendAll();
  });
  return "after-response";
}
