import { after } from "next/server";
import { getLocale } from "next-intl/server";
import type { RequestContext } from "@/lib/server/flows/context";
import { isLocale, DEFAULT_LOCALE } from "@/lib/shared/i18n/locales";
import { requestIpGroup } from "./request";

// Work still running after its response; scripts/server.ts waits for it before the process stops.
const inFlight: Set<Promise<unknown>> = ((globalThis as Record<symbol, Set<Promise<unknown>>>)[Symbol.for("mi.inFlight")] ??=
  new Set());

/** The one object a flow is given about this request (lib/server/flows/context.ts). */
export async function requestContext(): Promise<RequestContext> {
  const locale = await getLocale();
  return {
    now: new Date(),
    ipGroup: await requestIpGroup(),
    locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
    afterResponse: (work) =>
      after(() => {
        const running = work().finally(() => inFlight.delete(running));
        inFlight.add(running);
        return running;
      }),
  };
}
