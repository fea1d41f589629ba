import { after } from "next/server";
import type { MailContext } from "@/lib/server/mail/dispatch";
import { requestIpGroup } from "./request";

// Sends still running after their response; scripts/server.ts waits for them before the process stops.
const inFlight: Set<Promise<unknown>> = ((globalThis as Record<symbol, Set<Promise<unknown>>>)[Symbol.for("mi.inFlight")] ??=
  new Set());

/**
 * The context lib/ needs from a request that may send mail: who asks (for limits and the audit trail) and
 * Next's after(), so the mail is sent once the response is out and the response time tells nothing.
 */
export async function mailContext(): Promise<MailContext> {
  return {
    ipGroup: await requestIpGroup(),
    sendLater: (send) =>
      after(() => {
        const sending = send().finally(() => inFlight.delete(sending));
        inFlight.add(sending);
        return sending;
      }),
  };
}
