import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { db } from "@/lib/server/db/client";
import { checkAssertion, requestOptions } from "@/lib/server/methods/passkey/passkeys";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";
import type { PasskeyAssertion } from "@/lib/server/validation/passkey";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { startSession, type BrowserSigningIn, type StartedSession } from "./session-start";

// Signing in with a passkey: the sign-in page asks for a challenge (as it opens, for the browser's autofill, and
// when "Sign in with a passkey" is pressed), the browser has the person pick a passkey and unlock it, and its
// answer starts a session. No identifier is typed, so there is nothing to count or pause per identifier and no
// password to guess: a challenge per address group is what is limited, and an answer is looked at only once its
// challenge has been used up (methods/passkey/passkeys.ts, checkAssertion).
// A passkey is both steps: no second step, no new-device code, and the session's amr says "hwk" or "swk" and "mfa".

export type PasskeyOptions = { ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; reason: "limited"; retryAfterMs: number };

export async function passkeySignInOptions(context: RequestContext): Promise<PasskeyOptions> {
  const allowed = await consumeLimit({ limit: LIMITS.passkeyChallengesPerIp, key: context.ipGroup });
  if (!allowed.ok) return { ok: false, reason: "limited", retryAfterMs: allowed.retryAfterMs };
  return { ok: true, options: await requestOptions({ now: context.now }) };
}

export type PasskeySignInResult =
  | ({ ok: true } & StartedSession)
  /** "expired": the challenge was used or too old (start again); "unknown": no active account has this passkey (any more). */
  | { ok: false; reason: "expired" | "failed" | "unknown" };

export async function signInWithPasskey({ response, browser }: { response: PasskeyAssertion; browser: BrowserSigningIn }, context: RequestContext): Promise<PasskeySignInResult> {
  const checked = await checkAssertion({ response, now: context.now });
  if (!checked.ok) {
    const accountId = "accountId" in checked ? checked.accountId : undefined;
    await afterCommit(context, { audit: [{ event: "sign_in_failed", outcome: `passkey-${checked.reason}`, accountId, by: "stranger" }] });
    return { ok: false, reason: checked.reason };
  }
  const account = await db.account.findUnique({ where: { id: checked.accountId }, select: { id: true, locale: true, status: true } });
  // Passkeys are added on the account page, so only by an active account; a missing one was deleted meanwhile.
  if (!account || account.status !== "active") return { ok: false, reason: "unknown" };
  const session = await startSession({ account, browser, method: { passkey: checked.synced ? "synced" : "device-bound" } }, context);
  return { ok: true, ...session };
}
