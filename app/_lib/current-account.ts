import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionAccount, type SessionAccount } from "@/lib/server/identity/sessions";
import { COOKIE } from "@/lib/server/config/cookies";
import { clearCookie, readCookie } from "./request";

/**
 * The signed-in account of this request, or null. Cached per request, so a page, its layout and its actions
 * ask the database once; every page and action that needs the account goes through here.
 */
export const getCurrentAccount = cache(async (): Promise<SessionAccount | null> => {
  return getSessionAccount(await readCookie(COOKIE.session), new Date());
});

/**
 * The signed-in account, or a redirect to sign in, back to `redirectTo` afterwards (null: nowhere in particular),
 * with this browser's dead session cookie cleared. Every signed-in page and action asks here once (epic-stack's
 * requireUserId). A page cannot change cookies while it renders: there the cookie is left to the next action.
 */
export async function requireAccount({ redirectTo = "/account", clearDeadCookie = false }: { redirectTo?: string | null; clearDeadCookie?: boolean } = {}): Promise<SessionAccount> {
  const account = await getCurrentAccount();
  if (account) return account;
  if (clearDeadCookie) await clearCookie(COOKIE.session);
  redirect(redirectTo ? `/login?next=${redirectTo}` : "/login");
}
