import "server-only";
import type { TransactionClient } from "@/lib/server/db/types";
import type { OutboxKind } from "@/lib/server/db/types";
import { db } from "@/lib/server/db/client";
import { log } from "@/lib/server/log";
import { deliverMail, type Mail } from "@/lib/server/mail/transport";

// Nothing lost: an email is an OutboxMessage row written in the same transaction as the account change it
// reports. The request sends it right after its response; if that fails or never happens (a crash), the
// outbox worker retries: 30 s, doubling, at most 30 minutes apart, with jitter, for 24 hours, then the
// message is dead and shown to operators (npm run outbox). A 5xx answer is final at once.
export const RETRY_FIRST_MS = 30 * 1000;
export const RETRY_MAX_MS = 30 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/**
 * How long a sender may hold a message before another may take it over (it crashed, say): longer than the
 * slowest send the SMTP timeouts allow (10 s to connect, 10 s greeting, 20 s idle; lib/mailer.ts).
 */
export const LEASE_MS = 60 * 1000;

type Tx = TransactionClient;
export type { OutboxKind };

export async function enqueueMail(
  tx: Tx,
  mail: Mail & { kind: OutboxKind; accountId?: string; tokenHash?: string },
  now = new Date(),
): Promise<string> {
  const row = await tx.outboxMessage.create({ data: { ...mail, createdAt: now, nextAttemptAt: now } });
  return row.id;
}

/** The wait before attempt `failures + 1`: 30 s × 2^(failures − 1), capped at 30 min, ±20 % jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Takes the message for this sender unless it is sent, dead, not yet due, or held by another sender. */
async function claim(id: string, now: Date): Promise<boolean> {
  const claimed = await db.outboxMessage.updateMany({
    where: {
      id,
      status: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    data: { leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return claimed.count === 1;
}

/** An activation mail whose link is gone (replaced) or whose account is active has nothing left to say. */
async function isStale(message: { kind: string; tokenHash: string | null }): Promise<boolean> {
  if (message.kind !== "activation" || !message.tokenHash) return false;
  const token = await db.activationToken.findUnique({
    where: { tokenHash: message.tokenHash },
    select: { account: { select: { status: true } } },
  });
  return !token || token.account.status !== "pending";
}

/**
 * A message that will not be sent again keeps no live secret: a mail with a link (activation, password reset)
 * has its body cleared, so the outbox table never holds a usable token once it is done with it.
 */
function forgetSecrets(message: { tokenHash: string | null; kind: string }) {
  // A deleted account's goodbye keeps nothing personal either once it is done: not even the address.
  if (message.kind === "account_deleted") return { to: "", html: "", text: "" };
  return message.tokenHash ? { html: "", text: "" } : {};
}

export type SendOutcome = "sent" | "retrying" | "dead" | "skipped" | "busy";

/** Sends one message if it is due and free; records the result. Safe to call from many senders at once. */
export async function sendOutboxMessage(id: string, now = new Date()): Promise<SendOutcome> {
  if (!(await claim(id, now))) return "busy";
  const message = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
  if (await isStale(message)) {
    await db.outboxMessage.update({ where: { id }, data: { status: "skipped", leaseUntil: null, ...forgetSecrets(message) } });
    return "skipped";
  }
  const delivery = await deliverMail({ to: message.to, subject: message.subject, html: message.html, text: message.text });
  const attempts = message.attempts + 1;
  if (delivery.ok) {
    await db.outboxMessage.update({ where: { id }, data: { status: "sent", attempts, sentAt: new Date(), leaseUntil: null, ...forgetSecrets(message) } });
    return "sent";
  }
  const expired = now.getTime() - message.createdAt.getTime() >= GIVE_UP_AFTER_MS;
  const dead = delivery.permanent || expired;
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
  // A dead mail's link (activation or password reset) dies with it: no copy of the database may hold a live link.
  if (dead && message.tokenHash) {
    const live = { where: { tokenHash: message.tokenHash, expiresAt: { gt: now } }, data: { expiresAt: now } };
    await db.activationToken.updateMany(live);
    await db.passwordResetToken.updateMany(live);
  }
  log.warn(dead ? "outbox.dead" : "outbox.retry", { id, attempts, permanent: delivery.permanent });
  return dead ? "dead" : "retrying";
}

/** Sends every message that is due now; returns how many of each outcome. The worker's one step. */
export async function sendDueMessages(now = new Date(), limit = 50): Promise<Record<SendOutcome, number>> {
  const due = await db.outboxMessage.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const counts: Record<SendOutcome, number> = { sent: 0, retrying: 0, dead: 0, skipped: 0, busy: 0 };
  // Each claim's lease counts from the clock as that claim is made, not from the batch's start: a slow mail
  // server must not make a later message's lease expire before it is even sent.
  const started = Date.now();
  for (const { id } of due) counts[await sendOutboxMessage(id, new Date(now.getTime() + (Date.now() - started)))] += 1;
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
 * Puts a dead message back in line, its 24 hours starting again, for an operator who fixed the cause. Not an
 * activation mail: its link died with it, and the person asks for a new one with "Resend activation email".
 */
export async function retryDeadMessage(id: string, now = new Date()): Promise<"retried" | "no-such-message" | "activation"> {
  const message = await db.outboxMessage.findFirst({ where: { id, status: "dead" }, select: { tokenHash: true } });
  if (!message) return "no-such-message";
  if (message.tokenHash) return "activation";
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
    select: { id: true, kind: true, to: true, attempts: true, nextAttemptAt: true, lastError: true, createdAt: true },
  });
}

/** Whether the newest activation mail to `email` was refused for good (the check-email page says so). */
export async function lastActivationMailRefused(email: string): Promise<boolean> {
  const last = await db.outboxMessage.findFirst({
    where: { to: email, kind: "activation" },
    orderBy: { createdAt: "desc" },
    select: { status: true, permanent: true },
  });
  return last?.status === "dead" && last.permanent;
}
