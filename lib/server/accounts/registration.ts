import "server-only";
import { renderAlreadyRegisteredEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import { dispatchMail, type MailContext, type MailDispatch } from "@/lib/server/mail/dispatch";
import { enqueueMail, sendOutboxMessage } from "@/lib/server/mail/outbox";
import { log } from "@/lib/server/log";
import { recordAudit } from "@/lib/server/security/audit";
import { queueActivationMail, sendActivationMail } from "./activation-mail";
import { MI_ID_ATTEMPTS, newMiId } from "./mi-id";
import { hashPassword } from "./passwords";
import { hashSecret } from "@/lib/server/security/secrets";
import { emailKey } from "@/lib/shared/email-address";
import { DEFAULT_LOCALE, inLanguage, toLocale, type Locale } from "@/lib/shared/i18n/locales";

export type NewAccount = {
  email: string;
  country: string;
  wantsOffers: boolean;
  /** The sign-up draft (browser) this registration was made in: its activation link needs no password there. */
  draftId?: string;
  /** The language the registration was made in: the account's emails are written in it. */
  locale?: Locale;
} & ({ password: string } | { passwordHash: string });

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
  const passwordHash = "passwordHash" in input ? input.passwordHash : await hashPassword(input.password);
  const binding = { passwordHash, draftIdHash: input.draftId ? hashSecret(input.draftId) : null };
  const locale = input.locale ?? DEFAULT_LOCALE;
  for (let attempt = 1; attempt <= MI_ID_ATTEMPTS; attempt++) {
    const existing = await db.account.findUnique({ where: { emailKey: emailKey(input.email) } });
    if (existing?.status === "active") {
      // The owner's language, not the one of whoever typed their address.
      const ownLocale = toLocale(existing.locale);
      const mail = await renderAlreadyRegisteredEmail({
        signInUrl: inLanguage(`${env.APP_URL}/login`, ownLocale),
        forgotUrl: inLanguage(`${env.APP_URL}/forgot`, ownLocale),
        locale: ownLocale,
      });
      const messageId = await enqueueMail(db, { kind: "already_registered", to: existing.email, accountId: existing.id, ...mail }, now);
      const sent = await dispatchMail(context, async () => (await sendOutboxMessage(messageId, now)) === "sent");
      log.info("registration.existing-active", { mail: sent });
      await recordAudit({ event: "sign_up", outcome: "already-active", accountId: existing.id, ipGroup: context.ipGroup }, now);
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
            data: { passwordHash, country: input.country, wantsOffers: input.wantsOffers, activationMailedAt: now, locale },
          });
          if (replaced.count !== 1) throw new AccountChanged();
          await tx.activationToken.deleteMany({ where: { accountId: existing.id } });
          const messageId = await queueActivationMail(tx, { ...existing, locale }, binding, now);
          return { accountId: existing.id, messageId, kind: "pending-replaced" as const };
        }
        const account = await tx.account.create({
          data: {
            miId: newMiId(),
            email: input.email,
            emailKey: emailKey(input.email),
            country: input.country,
            wantsOffers: input.wantsOffers,
            passwordHash,
            activationMailedAt: now,
            locale,
          },
        });
        return { accountId: account.id, messageId: await queueActivationMail(tx, account, binding, now), kind: "created" as const };
      });
      const sent = await dispatchMail(context, () => sendActivationMail(accountId, messageId, now));
      log.info("registration." + kind, { accountId, mail: sent });
      await recordAudit({ event: "sign_up", outcome: kind, accountId, ipGroup: context.ipGroup }, now);
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

/** The account changed between reading and writing it; the registration is retried against its new state. */
class AccountChanged extends Error {}
