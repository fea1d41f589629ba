import { after } from "next/server";
import { getLocale } from "next-intl/server";
import type { RequestContext } from "@/lib/server/flows/context";
import { isLocale, DEFAULT_LOCALE } from "@/lib/shared/i18n/locales";
import { keepTrack } from "./in-flight";
import { requestIpGroup } from "./request";

/** The one object a flow is given about this request (lib/server/flows/context.ts). */
export async function requestContext(): Promise<RequestContext> {
  const locale = await getLocale();
  return {
    now: new Date(),
    ipGroup: await requestIpGroup(),
    locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
    afterResponse: (work) => after(() => keepTrack(work())),
  };
}
