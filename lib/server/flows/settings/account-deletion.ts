import "server-only";
import { renderAccountDeletedEmail } from "@/emails";
import { forgetMessages, queueMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import { toLocale } from "@/lib/shared/i18n/locales";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { checkCurrentPassword } from "./password";

// Deleting an account, asked for with its password: the account and everything that hangs off it go (sessions,
// links, trusted browsers, queued mail, registration drafts of its address, apps' grants and tokens); the audit
// trail keeps its rows but loses their address groups, so nothing personal is left; the address may register
// again; a goodbye is mailed.

export type Deletion = { ok: true } | { ok: false; reason: "wrong-password" } | { ok: false; reason: "limited"; retryAfterMs: number };

export async function deleteAccount({ accountId, password }: { accountId: string; password: string }, context: RequestContext): Promise<Deletion> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const checked = await checkCurrentPassword({ accountId, typed: password, hash: account.passwordHash });
  if (!checked.ok) return { ok: false, reason: "limited", retryAfterMs: checked.retryAfterMs };
  if (!checked.right) return { ok: false, reason: "wrong-password" };
  const goodbye = account.email ? await renderAccountDeletedEmail({ locale: toLocale(account.locale) }) : null;
  const send = await db.$transaction(async (tx) => {
    await forgetMessages(tx, { reference: accountId });
    if (account.email) await tx.registrationDraft.deleteMany({ where: { email: account.email } });
    if (account.phone) await tx.registrationDraft.deleteMany({ where: { phone: account.phone } });
    // What "Sign in with Mi" kept for it (grants, codes, tokens, provider sessions) has no foreign key to cascade
    // from (oidc-provider's models are one table); AppAccess cascades with the account.
    await tx.oidcArtifact.deleteMany({ where: { accountId } });
    await tx.account.delete({ where: { id: accountId } });
    // Under no reference: the account is gone, and the courier forgets the address once the goodbye is done.
    // An account without an email (a phone number only) gets no goodbye: a text message would cost for no gain.
    if (!goodbye || !account.email) return [];
    return [{ messageId: await queueMessage(tx, { kind: "account_deleted", to: account.email, ...goodbye, now: context.now }) }];
  });
  await db.auditEvent.updateMany({ where: { accountId }, data: { ipGroup: null } });
  await afterCommit(context, { send, audit: [{ event: "account_deleted", outcome: "ok", accountId, by: "owner", withoutAddress: true }] });
  return { ok: true };
}
