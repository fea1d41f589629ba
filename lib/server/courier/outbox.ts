import "server-only";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { findDueMessageIds } from "@/lib/server/db/tables/outbox-messages";
import type { MessageChannel, OutboxKind, TransactionClient } from "@/lib/server/db/types";
import { log } from "@/lib/server/log";
import { deliverEmail, type Delivery } from "./email-transport";
import { deliverSms } from "./sms-transport";

// The courier: nothing lost, and nothing known but messages. A message is an OutboxMessage row written in the same
// transaction as the change it reports; the request sends it right after its response, and if that fails or
// never happens (a crash) the worker retries: OUTBOX_RETRY_FIRST_MS (30 s), doubling, at most 30 minutes apart,
// with jitter, for 24 hours; then the message is dead and shown to operators (npm run outbox). A 5xx answer is
// final at once. The courier never reads accounts or links: a flow that makes its own message pointless (a
// replaced activation link, say) cancels it through `reference`, the opaque string it queued it under.
export const RETRY_MAX_MS = 30 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

export type { MessageChannel, OutboxKind };

/**
 * What a flow hands the courier. `secret`: the body holds a live link or code, cleared once the message is done
 * with. `expiresAt`: not worth sending after this (a code's lifetime); it then ends `expired`, never sent. A text
 * message (channel "sms") has only `to` (E.164) and `text`; its subject and html stay empty.
 */
export type Message = {
  channel?: MessageChannel;
  kind: OutboxKind;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Opaque to the courier: what the queuing flow finds the message by again (cancelMessages, forgetMessages). */
  reference?: string;
  secret?: boolean;
  expiresAt?: Date;
};

/** How each channel leaves the building: one queue, a transport per channel (an SMSC is told when a code expires). */
const TRANSPORTS: Record<MessageChannel, (message: Pick<Message, "to" | "subject" | "html" | "text"> & { expiresAt: Date | null }) => Promise<Delivery>> = {
  email: deliverEmail,
  sms: deliverSms,
};

type Tx = Pick<TransactionClient, "outboxMessage">;

/** A message queued in a transaction, to send once it has committed. `ifUnsent` runs when that first try fails. */
export type QueuedMessage = { messageId: string; ifUnsent?: () => Promise<void> };

/** Queues a message in the caller's transaction; returns its id, for sending it after the response. */
export async function queueMessage(tx: Tx, { now, ...message }: Message & { now: Date }): Promise<string> {
  const row = await tx.outboxMessage.create({ data: { ...message, createdAt: now, nextAttemptAt: now } });
  return row.id;
}

/**
 * Writes a message queued unwritten (queueUnwrittenMessage), when it is due: from what the flow kept, the message,
 * or why there is nothing to send (no such account, say), and the message is then deleted. Composers belong to the
 * flows and are handed to the worker (instrumentation.ts): the courier knows only that a kind has one.
 */
export type Composer = (input: { composeFrom: string; now: Date }) => Promise<Omit<Message, "kind" | "channel"> | { drop: string }>;
export type Composers = Partial<Record<OutboxKind, Composer>>;

/**
 * Queues a message to be written when it is due, by the worker, and never by the request that asked for it: for
 * a flow that must answer alike whoever the typed identifier belongs to (forgot password, resend activation
 * email), the request then does the same work for every identifier (this one insert), and the work that differs
 * by account runs later, away from the answer and from the next request.
 */
export async function queueUnwrittenMessage(
  tx: Tx,
  { kind, composeFrom, channel, now }: { kind: OutboxKind; composeFrom: string; channel?: MessageChannel; now: Date },
): Promise<string> {
  const row = await tx.outboxMessage.create({ data: { channel, kind, composeFrom, to: "", subject: "", html: "", text: "", createdAt: now, nextAttemptAt: now } });
  return row.id;
}

/** Messages of `kind` queued under `reference` that have not gone out yet are not sent: they have nothing left to say. */
export async function cancelMessages(tx: Tx, { kind, reference }: { kind: OutboxKind; reference: string }): Promise<number> {
  const pending = { reference, kind, status: "pending" as const };
  // A secret body is cleared in the same statement: a cancelled link leaves no copy behind.
  const [secret, plain] = [
    await tx.outboxMessage.updateMany({ where: { ...pending, secret: true }, data: { status: "skipped", leaseUntil: null, html: "", text: "" } }),
    await tx.outboxMessage.updateMany({ where: { ...pending, secret: false }, data: { status: "skipped", leaseUntil: null } }),
  ];
  return secret.count + plain.count;
}

/** Every message queued under `reference` is deleted, sent or not (an account that is deleted leaves no mail behind). */
export async function forgetMessages(tx: Tx, { reference }: { reference: string }): Promise<void> {
  await tx.outboxMessage.deleteMany({ where: { reference } });
}

/** Whether the message was refused for good (the mail server said the address does not exist). */
export async function messageRefused(id: string): Promise<boolean> {
  const message = await db.outboxMessage.findUnique({ where: { id }, select: { status: true, permanent: true } });
  return message?.status === "dead" && message.permanent;
}

/** The wait before attempt `failures + 1`: first × 2^(failures − 1), capped at 30 min, ±20 % jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random, first = env.OUTBOX_RETRY_FIRST_MS): number {
  const base = Math.min(RETRY_MAX_MS, first * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Takes the message for this sender unless it is done, not yet due, or held by another sender. */
async function claim(id: string, now: Date): Promise<boolean> {
  const claimed = await db.outboxMessage.updateMany({
    where: { id, status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + env.OUTBOX_LEASE_MS) },
  });
  return claimed.count === 1;
}

/** A message that will not be sent again keeps no live link, and a goodbye to a deleted account not even its address. */
function forgetSecrets(message: { secret: boolean; kind: OutboxKind }) {
  if (message.kind === "account_deleted") return { to: "", html: "", text: "" };
  return message.secret ? { html: "", text: "" } : {};
}

/**
 * "dropped": an unwritten message its composer found nothing to say in (deleted); "expired": its expiresAt passed
 * before it went out (a code that outlived its use), so it never will.
 */
export type SendOutcome = "sent" | "retrying" | "dead" | "busy" | "dropped" | "expired";

/**
 * Sends one message if it is due and free, writing it first if it was queued unwritten (only a sender holding
 * `composers` does that: the worker); records the result. Safe to call from many senders at once.
 */
export async function sendMessage({ id, now = new Date(), composers = {} }: { id: string; now?: Date; composers?: Composers }): Promise<SendOutcome> {
  if (!(await claim(id, now))) return "busy";
  const queued = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
  const message = queued.composeFrom === null ? queued : await compose({ queued, composers, now });
  if (message === "busy" || message === "dropped") return message;
  if (message.expiresAt && message.expiresAt <= now) {
    await db.outboxMessage.update({ where: { id }, data: { status: "expired", leaseUntil: null, ...forgetSecrets(message) } });
    log.info("outbox.expired", { id, kind: message.kind });
    return "expired";
  }
  const delivery = await TRANSPORTS[message.channel](message);
  const attempts = message.attempts + 1;
  if (delivery.ok) {
    await db.outboxMessage.update({ where: { id }, data: { status: "sent", attempts, sentAt: new Date(), leaseUntil: null, ...forgetSecrets(message) } });
    return "sent";
  }
  const dead = delivery.permanent || now.getTime() - message.createdAt.getTime() >= GIVE_UP_AFTER_MS;
  await db.outboxMessage.update({
    where: { id },
    data: {
      status: dead ? "dead" : "pending",
      attempts,
      lastError: delivery.error.slice(0, 500),
      permanent: delivery.permanent,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      leaseUntil: null,
      ...(dead ? forgetSecrets(message) : {}),
    },
  });
  log.warn(dead ? "outbox.dead" : "outbox.retry", { id, attempts, permanent: delivery.permanent });
  return dead ? "dead" : "retrying";
}

type Row = Awaited<ReturnType<typeof db.outboxMessage.findUniqueOrThrow>>;

/** An unwritten message written by its kind's composer; without one here, it is let go for a sender that has it. */
async function compose({ queued, composers, now }: { queued: Row; composers: Composers; now: Date }): Promise<Row | "busy" | "dropped"> {
  const composer = composers[queued.kind];
  if (!composer) {
    await db.outboxMessage.updateMany({ where: { id: queued.id }, data: { leaseUntil: null } });
    return "busy";
  }
  const written = await composer({ composeFrom: queued.composeFrom!, now });
  if ("drop" in written) {
    await db.outboxMessage.deleteMany({ where: { id: queued.id } });
    log.info("outbox.dropped", { id: queued.id, kind: queued.kind, reason: written.drop });
    return "dropped";
  }
  return db.outboxMessage.update({ where: { id: queued.id }, data: { ...written, composeFrom: null } });
}

/** Sends every message that is due now; returns how many of each outcome. The worker's one step. */
export async function sendDueMessages({ now = new Date(), limit = 50, composers = {} }: { now?: Date; limit?: number; composers?: Composers } = {}): Promise<Record<SendOutcome, number>> {
  const due = await findDueMessageIds({ now, limit });
  const counts: Record<SendOutcome, number> = { sent: 0, retrying: 0, dead: 0, busy: 0, dropped: 0, expired: 0 };
  // Each claim's lease counts from the clock as that claim is made, not from the batch's start: a slow mail
  // server must not make a later message's lease expire before it is even sent.
  const started = Date.now();
  for (const id of due) counts[await sendMessage({ id, now: new Date(now.getTime() + (Date.now() - started)), composers })] += 1;
  return counts;
}

export async function outboxCounts(): Promise<{ pending: number; retrying: number; dead: number }> {
  const [pending, retrying, dead] = await Promise.all([
    db.outboxMessage.count({ where: { status: "pending", attempts: 0 } }),
    db.outboxMessage.count({ where: { status: "pending", attempts: { gt: 0 } } }),
    db.outboxMessage.count({ where: { status: "dead" } }),
  ]);
  return { pending, retrying, dead };
}

/**
 * Puts a dead message back in line, its 24 hours starting again, for an operator who fixed the cause. Not one
 * whose body held a link: that was cleared, and the person asks for a new link instead.
 */
export async function retryDeadMessage(id: string, now = new Date()): Promise<"retried" | "no-such-message" | "secret"> {
  const message = await db.outboxMessage.findFirst({ where: { id, status: "dead" }, select: { secret: true } });
  if (!message) return "no-such-message";
  if (message.secret) return "secret";
  const revived = await db.outboxMessage.updateMany({
    where: { id, status: "dead" },
    data: { status: "pending", permanent: false, nextAttemptAt: now, leaseUntil: null, createdAt: now },
  });
  return revived.count === 1 ? "retried" : "no-such-message";
}

export function listOutbox(status: "pending" | "dead", limit = 50) {
  return db.outboxMessage.findMany({
    where: { status },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, channel: true, kind: true, to: true, attempts: true, nextAttemptAt: true, lastError: true, createdAt: true },
  });
}
