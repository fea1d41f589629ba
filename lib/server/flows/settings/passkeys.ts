import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { db } from "@/lib/server/db/client";
import { queueTwoStepNotice } from "@/lib/server/methods/authenticator-app/notice";
import { countPasskeys, creationOptions, deletePasskey, MAX_PASSKEYS, saveNewPasskey } from "@/lib/server/methods/passkey/passkeys";
import type { PasskeyCreation } from "@/lib/server/validation/passkey";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { checkCurrentPassword } from "./password";

// Passkeys on the account page: adding one (the password first, then the browser's ceremony) and removing one
// (the password). The password guards both: a passkey signs in alone, for as long as it exists, so a session
// taken over for a while must not be able to leave one behind, nor remove the owner's. Each change mails a
// notice and writes an audit row; a refused attempt writes none (the account's activity list names events, and
// "Passkey added" must mean one was), its wrong passwords counted by the current-password limit.

async function loadAccount(accountId: string) {
  return db.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, miId: true, email: true, phone: true, locale: true, passwordHash: true } });
}

export type AddStart =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON }
  | { ok: false; reason: "wrong-password" | "too-many" }
  | { ok: false; reason: "limited"; retryAfterMs: number };

/** The first half of adding a passkey: the password, then the options for the browser (its challenge kept). */
export async function startAddingPasskey({ accountId, name, password }: { accountId: string; name: string; password: string }, context: RequestContext): Promise<AddStart> {
  const account = await loadAccount(accountId);
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  if (!checked.right) return { ok: false, reason: "wrong-password" };
  if ((await countPasskeys({ accountId })) >= MAX_PASSKEYS) return { ok: false, reason: "too-many" };
  return { ok: true, options: await creationOptions({ account, name, now: context.now }) };
}

export type AddFinish = { ok: true; name: string } | { ok: false; reason: "expired" | "failed" | "known" | "too-many" };

/** The second half: the browser's answer, checked against the challenge handed to this account; the passkey kept. */
export async function finishAddingPasskey({ accountId, response }: { accountId: string; response: PasskeyCreation }, context: RequestContext): Promise<AddFinish> {
  const { now } = context;
  if ((await countPasskeys({ accountId })) >= MAX_PASSKEYS) return { ok: false, reason: "too-many" };
  const saved = await saveNewPasskey({ accountId, response, now });
  if (!saved.ok) return saved;
  // Counted again once saved: two ceremonies finishing side by side may both have seen room for one more. Each then
  // takes its own back (both may, which only errs on the side of the cap).
  if ((await countPasskeys({ accountId })) > MAX_PASSKEYS) {
    await deletePasskey({ accountId, passkeyId: saved.id });
    return { ok: false, reason: "too-many" };
  }
  await afterCommit(context, {
    send: await queueTwoStepNotice({ account: await loadAccount(accountId), notice: "passkeyAdded", name: saved.name, now }),
    audit: [{ event: "passkey_added", outcome: "ok", accountId, by: "owner" }],
    log: { event: "passkey.added", fields: { accountId } },
  });
  return { ok: true, name: saved.name };
}

export type RemoveResult = { ok: true; name: string } | { ok: false; reason: "wrong-password" | "gone" } | { ok: false; reason: "limited"; retryAfterMs: number };

/** Removes one of the account's passkeys, after the password. */
export async function removePasskey({ accountId, passkeyId, password }: { accountId: string; passkeyId: string; password: string }, context: RequestContext): Promise<RemoveResult> {
  const { now } = context;
  const account = await loadAccount(accountId);
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  if (!checked.right) return { ok: false, reason: "wrong-password" };
  const removed = await deletePasskey({ accountId, passkeyId });
  if (!removed) return { ok: false, reason: "gone" };
  await afterCommit(context, {
    send: await queueTwoStepNotice({ account, notice: "passkeyRemoved", name: removed.name, now }),
    audit: [{ event: "passkey_removed", outcome: "ok", accountId, by: "owner" }],
    log: { event: "passkey.removed", fields: { accountId } },
  });
  return { ok: true, name: removed.name };
}
