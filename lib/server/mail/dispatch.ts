import "server-only";
import type { AuditContext } from "@/lib/server/security/audit";

/**
 * Where a request's mail goes. With `sendLater` (the server actions pass Next's after()), the send runs after
 * the response, so the answer takes the same time whether or not a mail was due: that timing would otherwise
 * tell which addresses have accounts. Without it (tests, scripts) the send is awaited.
 */
export type MailContext = AuditContext & { sendLater?: (send: () => Promise<void>) => void };

/** What became of a request's email: sent now, failed now (the outbox retries it), or left for after the response. */
export type MailDispatch = "sent" | "failed" | "after-response";

/** Runs `send` now and reports its result, or hands it to `context.sendLater`. */
export async function dispatchMail(context: MailContext, send: () => Promise<boolean>): Promise<MailDispatch> {
  if (!context.sendLater) return (await send()) ? "sent" : "failed";
  context.sendLater(async () => {
    await send();
  });
  return "after-response";
}
