import "server-only";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";
import { escapeHtml, plainPage, PRIMARY_STYLE } from "@/lib/server/plain-page";

/** The whole page shown with status 503 while the database is away: self-contained, no scripts. */
export function unavailablePage(locale: Locale): string {
  const t = translator(locale);
  return plainPage({
    locale,
    title: t("unavailable.title"),
    body: `<p style="line-height:1.5">${escapeHtml(t("unavailable.body"))}</p>
<p><a href="" style="${PRIMARY_STYLE}">${escapeHtml(t("unavailable.retry"))}</a></p>`,
  });
}
