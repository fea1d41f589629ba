"use client";

import { useLocale } from "next-intl";
import { useSyncExternalStore } from "react";
import { formatLocalTime, readerLocale } from "@/lib/shared/local-time";

// Nothing to subscribe to: the browser's zone and languages do not change while the page is open.
const subscribe = () => () => {};

/**
 * A moment in the reader's own zone and format. The HTML (and a browser without JavaScript) shows it in `zone`,
 * the account's country's; once hydrated, the browser writes it in its own zone and language variant.
 */
export function LocalTime({ at, zone, seconds = false }: { at: string; zone: string; seconds?: boolean }) {
  const locale = useLocale();
  const text = useSyncExternalStore(
    subscribe,
    () => formatLocalTime({ at, locale: readerLocale(locale, navigator.languages), seconds }),
    () => formatLocalTime({ at, locale, timeZone: zone, seconds }),
  );
  // The server and the browser may word the same moment apart (their ICU data differ): the browser's wins.
  return <time dateTime={at} suppressHydrationWarning>{text}</time>;
}
