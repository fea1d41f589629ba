"use server";

import { redirect } from "next/navigation";
import { getCurrentAccount } from "@/app/_lib/current-account";
import { clearCookie, readCookie, requestIpGroup } from "@/app/_lib/request";
import { signOut, signOutEverywhere } from "@/lib/server/auth/sessions";
import { COOKIE } from "@/lib/server/config/cookies";

/** Ends this browser's session. */
export async function signOutAction(): Promise<void> {
  await signOut(await readCookie(COOKIE.session), { ipGroup: await requestIpGroup() });
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}

/** Ends every session of the signed-in account, this browser's included. */
export async function signOutEverywhereAction(): Promise<void> {
  const account = await getCurrentAccount();
  // No live session: nothing to end, and no account to end it for.
  if (!account) {
    await clearCookie(COOKIE.session);
    redirect("/login");
  }
  await signOutEverywhere(account.id, { ipGroup: await requestIpGroup() });
  await clearCookie(COOKIE.session);
  redirect("/login?signedOut=1");
}
