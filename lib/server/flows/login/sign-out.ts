import "server-only";
import { deleteSession } from "@/lib/server/identity/sessions";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";

/** Ends the session of this token and audits "sign_out"; false when there was no such session (however many race). */
export async function signOut({ token }: { token: string | undefined }, context: RequestContext): Promise<boolean> {
  const ended = await deleteSession(token);
  if (ended) await afterCommit(context, { audit: [{ event: "sign_out", outcome: "ok", accountId: ended.accountId, by: "owner" }] });
  return Boolean(ended);
}
