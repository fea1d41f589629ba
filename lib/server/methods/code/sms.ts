import "server-only";
import { queueMessage, type Message, type QueuedMessage } from "@/lib/server/courier/outbox";
import { db } from "@/lib/server/db/client";
import type { OutboxKind, TransactionClient } from "@/lib/server/db/types";
import { toLocale } from "@/lib/shared/i18n/locales";
import { issueCode, type CodeBinding, type CodePurpose } from "./one-time-code";
import { codeText } from "./sms-text";

// The SMS code method: a new code for a purpose and its text message, queued in the outbox's sms channel. The
// message expires with the code, so one stuck in the queue (the SMSC down) past the code's life is never sent;
// its body is secret, cleared once it is done with. The SMS guards (security/sms-guard.ts) are the calling flow's
// to pass first: this only writes.

const KIND: Record<CodePurpose, OutboxKind> = {
  registration: "registration_code",
  sign_in: "sign_in_code",
  recovery: "recovery_code",
  binding: "binding_code",
  new_device: "new_device_code",
};

type CodeAccount = { id: string; locale: string };

/** The message of a new code to `to` (E.164), in the caller's transaction; not queued. */
export async function writeCodeSms(
  tx: Pick<TransactionClient, "oneTimeCode">,
  { account, purpose, to, binding, now }: { account: CodeAccount; purpose: CodePurpose; to: string; binding?: CodeBinding; now: Date },
): Promise<Omit<Message, "kind" | "channel"> & { expiresAt: Date }> {
  const { code, expiresAt } = await issueCode(tx, { accountId: account.id, purpose, sentTo: to, binding, now });
  return { to, subject: "", html: "", text: codeText({ purpose, code, locale: toLocale(account.locale) }), reference: account.id, secret: true, expiresAt };
}

/** A new code and its text, queued in the caller's transaction, to send after the commit. */
export async function queueCodeSms(
  tx: Pick<TransactionClient, "oneTimeCode" | "outboxMessage">,
  input: { account: CodeAccount; purpose: CodePurpose; to: string; binding?: CodeBinding; now: Date },
): Promise<QueuedMessage> {
  const message = await writeCodeSms(tx, input);
  return { messageId: await queueMessage(tx, { channel: "sms", kind: KIND[input.purpose], ...message, now: input.now }) };
}

/** For a composer (a code written when due, in the worker): the code issued in a transaction of its own. */
export async function composeCodeSms(input: { account: CodeAccount; purpose: CodePurpose; to: string; now: Date }) {
  return db.$transaction((tx) => writeCodeSms(tx, input));
}

export { KIND as CODE_MESSAGE_KIND };
