import "server-only";
import { db } from "@/lib/server/db/client";
import { deleteSessionById, deleteSessions } from "@/lib/server/identity/sessions";
import { forgetTrustedDevices } from "@/lib/server/identity/trusted-devices";
import { revokeAccountTokens } from "@/lib/server/identity/app-access";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

// Where the person is signed in, from the account page: end one session, all others, or all of them. Ending more
// than one also forgets every trusted browser but this one (its owner is the one asking), so a browser that was
// signed in elsewhere meets the sign-in pause like any stranger.

/** Ends one of the account's sessions by its id; another account's session id changes nothing. */
export async function endSession({ accountId, sessionId }: { accountId: string; sessionId: string }, context: RequestContext): Promise<boolean> {
  const ended = await deleteSessionById({ accountId, sessionId });
  if (ended) await afterCommit(context, { audit: [{ event: "sign_out", outcome: "ended-from-account-page", accountId, by: "owner" }] });
  return ended;
}

/**
 * Ends the account's sessions but `keepSessionId` (none: this browser's too, "sign out everywhere"), forgets
 * every trusted browser but `keepDeviceToken`'s, and ends every app's tokens; how many sessions there were.
 */
export async function endSessions(
  { accountId, keepSessionId, keepDeviceToken }: { accountId: string; keepSessionId?: string; keepDeviceToken?: string },
  context: RequestContext,
): Promise<number> {
  const count = await deleteSessions({ accountId, keepSessionId });
  await forgetTrustedDevices(db, { accountId, keepToken: keepDeviceToken });
  // Apps signed in with this account are other devices too: their refresh and access tokens end.
  await revokeAccountTokens(db, { accountId });
  await afterCommit(context, { audit: [{ event: "sign_out_everywhere", outcome: keepSessionId ? "others" : "ok", accountId, by: "owner" }] });
  return count;
}
