"use server";

import { redirect } from "next/navigation";
import { clearCookie, readCookie, requestIpGroup } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { getSessionAccount, signOutEverywhere } from "@/lib/server/auth/sessions";

/** Ends every session of the signed-in account, this browser's included. */
export async function signOutEverywhereAction(): Promise<void> {
  const account = await getSessionAccount(await readCookie(COOKIE.session));
  // No live session: nothing to end, and no account to end it for.
  if (!account) {
    await clearCookie(COOKIE.session);
    redirect("/login");
  }
  await signOutEverywhere(account.id, { ipGroup: await requestIpGroup() });
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}
