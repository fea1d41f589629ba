import "server-only";
import { renderActivationEmail } from "@/emails/activation";
import type { Account, Prisma } from "@/generated/prisma/client";
import { renderAlreadyRegisteredEmail } from "@/emails/already-registered";
import { activationUrl, issueActivationToken } from "@/lib/server/accounts/activation";
import { recordAudit } from "@/lib/server/security/audit";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import { env } from "@/lib/server/config/env";
import { log } from "@/lib/server/ops/log";
import { dispatchMail, type MailContext, type MailDispatch } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { hashSecret } from "@/lib/server/security/secrets";
import { MI_ID_ATTEMPTS, newMiId } from "./mi-id";
import { hashPassword } from "@/lib/server/accounts/passwords";
import { consumeLimit, LIMITS } from "@/lib/server/security/rate-limit";

// The pause between activation emails: per account, whoever asks (the wizard, the resend page, sign-in),
// and the countdown the check-email page shows.
export const RESEND_COOLDOWN_SECONDS = 60;
const ACTIVATION_MAIL_COOLDOWN_MS = RESEND_COOLDOWN_SECONDS * 1000;

export type NewAccount = { email: string; country: string; wantsOffers: boolean; password: string };

/**
 * What happened, for logs and tests only: the person always sees the same "check your email" page, so the
 * answer never tells whether an address is registered.
 */
export type RegistrationOutcome = {
  kind: "created" | "pending-replaced" | "already-active";
  mail: MailDispatch;
};

export async function registerAccount(input: NewAccount, now = new Date(), context: MailContext = {}): Promise<RegistrationOutcome> {
  // Hash before looking the address up, so every path spends the same bcrypt time.
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 1; attempt <= MI_ID_ATTEMPTS; attempt++) {
    const existing = await db.account.findUnique({ where: { email: input.email } });
    if (existing?.status === "active") {
      const mail = renderAlreadyRegisteredEmail({ signInUrl: `${env.APP_URL}/login` });
      const messageId = await enqueueMail(db, { kind: "already-registered", to: existing.email, accountId: existing.id, ...mail }, now);
      const sent = await dispatchMail(context, async () => (await sendOutboxMessage(messageId, now)) === "sent");
      log.info("registration.existing-active", { mail: sent });
      await recordAudit({ event: "sign-up", outcome: "already-active", accountId: existing.id, ipGroup: context.ipGroup }, now);
      return { kind: "already-active", mail: sent };
    }
    try {
      // The account, its link and its email are written together: all of them or none.
      const { accountId, messageId, kind } = await db.$transaction(async (tx) => {
        if (existing) {
          // The newest registration of a pending address wins; its earlier links stop working. The status
          // condition keeps an account that was activated meanwhile untouched (the next pass then finds it active).
          const replaced = await tx.account.updateMany({
            where: { id: existing.id, status: "pending" },
            data: { passwordHash, country: input.country, wantsOffers: input.wantsOffers, activationMailedAt: now },
          });
          if (replaced.count !== 1) throw new AccountChanged();
          await tx.activationToken.deleteMany({ where: { accountId: existing.id } });
          const messageId = await queueActivationMail(tx, existing.id, existing.email, now);
          return { accountId: existing.id, messageId, kind: "pending-replaced" as const };
        }
        const account = await tx.account.create({
          data: {
            miId: newMiId(),
            email: input.email,
            country: input.country,
            wantsOffers: input.wantsOffers,
            passwordHash,
            activationMailedAt: now,
          },
        });
        return { accountId: account.id, messageId: await queueActivationMail(tx, account.id, account.email, now), kind: "created" as const };
      });
      const sent = await dispatchMail(context, () => sendActivationMail(accountId, messageId, now));
      log.info("registration." + kind, { accountId, mail: sent });
      await recordAudit({ event: "sign-up", outcome: kind, accountId, ipGroup: context.ipGroup }, now);
      return { kind, mail: sent };
    } catch (error) {
      // A Mi ID collision draws a new ID; a racing registration or activation of the same address is answered
      // by the next pass, which finds that account as it now is. Anything else is unexpected.
      if (!(error instanceof AccountChanged) && uniqueViolationFields(error) === null) throw error;
      log.warn("registration.retry", { attempt });
    }
  }
  throw new Error("registerAccount: gave up after repeated unique-constraint conflicts");
}

export type ResendOutcome = "sent" | "cooldown" | "not-pending" | "failed" | "limited";

/**
 * Sends a fresh activation link to a pending account, at most once per cooldown and five times an hour.
 * Every request counts against the address, whether or not it has an account, so the limit tells nothing.
 * Earlier links stay live.
 */
export async function resendActivation(email: string, now = new Date(), context: MailContext = {}): Promise<ResendOutcome> {
  const account = await db.account.findUnique({ where: { email } });
  const outcome = await resendIfAllowed(email, account, now, context);
  await recordAudit({ event: "resend", outcome, accountId: account?.id, ipGroup: context.ipGroup }, now);
  return outcome;
}

async function resendIfAllowed(email: string, account: Account | null, now: Date, context: MailContext): Promise<ResendOutcome> {
  if (!(await consumeLimit(LIMITS.resendPerAddress, email.toLowerCase())).ok) return "limited";
  if (!account || account.status !== "pending") return "not-pending";
  const claimed = await db.account.updateMany({
    where: {
      id: account.id,
      status: "pending",
      OR: [
        { activationMailedAt: null },
        { activationMailedAt: { lte: new Date(now.getTime() - ACTIVATION_MAIL_COOLDOWN_MS) } },
      ],
    },
    data: { activationMailedAt: now },
  });
  if (claimed.count !== 1) return "cooldown";
  const messageId = await db.$transaction((tx) => queueActivationMail(tx, account.id, account.email, now));
  const sent = await dispatchMail(context, () => sendActivationMail(account.id, messageId, now));
  log.info("activation.resent", { accountId: account.id, mail: sent });
  return sent === "failed" ? "failed" : "sent";
}

/** A new activation link and its email, in the caller's transaction; returns the outbox message's id. */
async function queueActivationMail(tx: Prisma.TransactionClient, accountId: string, email: string, now: Date): Promise<string> {
  const token = await issueActivationToken(tx, accountId, now);
  const mail = renderActivationEmail({ activationUrl: activationUrl(token) });
  return enqueueMail(tx, { kind: "activation", to: email, accountId, tokenHash: hashSecret(token), ...mail }, now);
}

/**
 * Sends the queued activation email now. When that fails the outbox retries it later, and the cooldown is
 * lifted so the person may also ask again at once.
 */
async function sendActivationMail(accountId: string, messageId: string, mailedAt: Date): Promise<boolean> {
  const sent = (await sendOutboxMessage(messageId, mailedAt)) === "sent";
  if (!sent) {
    await db.account.updateMany({ where: { id: accountId, activationMailedAt: mailedAt }, data: { activationMailedAt: null } });
  }
  return sent;
}

/** The account changed between reading and writing it; the registration is retried against its new state. */
class AccountChanged extends Error {}
