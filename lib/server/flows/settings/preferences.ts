import "server-only";
import { db } from "@/lib/server/db/client";
import type { Locale } from "@/lib/shared/i18n/locales";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

/** Records the offers choice and when it was made (the consent's date, shown in the data download). */
export async function setOffers({ accountId, wantsOffers }: { accountId: string; wantsOffers: boolean }, context: RequestContext): Promise<void> {
  await db.account.update({ where: { id: accountId }, data: { wantsOffers, offersChangedAt: context.now } });
  await afterCommit(context, { audit: [{ event: "offers_changed", outcome: wantsOffers ? "subscribed" : "unsubscribed", accountId, by: "owner" }] });
}

/** The language the account's emails are written in, and that its sign-ins bring to a new browser. */
export async function setAccountLocale({ accountId, locale }: { accountId: string; locale: Locale }): Promise<void> {
  await db.account.update({ where: { id: accountId }, data: { locale } });
}
