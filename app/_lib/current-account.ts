import "server-only";
import { cache } from "react";
import { getSessionAccount, type SessionAccount } from "@/lib/server/auth/sessions";
import { COOKIE } from "@/lib/server/config/cookies";
import { readCookie } from "./request";

/**
 * The signed-in account of this request, or null. Cached per request, so a page, its layout and its actions
 * ask the database once; every page and action that needs the account goes through here.
 */
export const getCurrentAccount = cache(async (): Promise<SessionAccount | null> => {
  return getSessionAccount(await readCookie(COOKIE.session));
});
