import "server-only";
import { renderAlreadyRegisteredEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { queueMessage, type QueuedMessage } from "@/lib/server/courier/outbox";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import { MI_ID_ATTEMPTS, newMiId } from "@/lib/server/identity/mi-id";
import { log } from "@/lib/server/log";
import { endActivationLinks, queueActivationMail, type ActivationBinding } from "@/lib/server/methods/email-link/activation";
import { emailKey } from "@/lib/shared/email-address";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { afterCommit, type Dispatch } from "../after-commit";
import type { RequestContext } from "../context";

/** Step 1's answers and the password chosen in step 2 (already hashed: the draft keeps the hash too). */
export type NewAccount = {
  email: string;
  country: string;
  wantsOffers: boolean;
  passwordHash: string;
  /** The hash of the registration draft (browser) this was made in: its activation link needs no password there. */
  draftIdHash: string | null;
};

/**
 * What happened, for logs and tests only: the person always sees the same "check your email" page, so the
 * answer never tells whether an address is registered. `messageId`: the email it queued, whichever it was.
 */
export type RegistrationOutcome = { kind: "created" | "pending-replaced" | "already-active"; messageId: string; mail: Dispatch };

/**
 * Makes the account (or, for a pending address, replaces its registration) with an activation link, or tells an
 * active address's owner that someone tried. The account is written in the language of the page (context.locale).
 */
export async function registerAccount(input: NewAccount, context: RequestContext): Promise<RegistrationOutcome> {
  for (let attempt = 1; attempt <= MI_ID_ATTEMPTS; attempt++) {
    try {
      const { kind, accountId, message } = await persist(input, context);
      const mail = await afterCommit(context, {
        send: [message],
        audit: [{ event: "sign_up", outcome: kind, accountId, by: "stranger" }],
        log: { event: kind === "already-active" ? "registration.existing-active" : `registration.${kind}`, fields: kind === "already-active" ? {} : { accountId } },
      });
      return { kind, messageId: message.messageId, mail };
    } catch (error) {
      // A Mi ID collision draws a new ID; a racing registration or activation of the same address is answered
      // by the next pass, which finds that account as it now is. Anything else is unexpected.
      if (!(error instanceof AccountChanged) && uniqueViolationFields(error) === null) throw error;
      log.warn("registration.retry", { attempt });
    }
  }
  throw new Error("registerAccount: gave up after repeated unique-constraint conflicts");
}

async function persist(input: NewAccount, { now, locale }: RequestContext): Promise<{ kind: RegistrationOutcome["kind"]; accountId: string; message: QueuedMessage }> {
  const binding: ActivationBinding = { passwordHash: input.passwordHash, draftIdHash: input.draftIdHash };
  const found = await db.account.findUnique({ where: { emailKey: emailKey(input.email) } });
  // Found by its address, so it has one.
  const existing = found && { ...found, email: found.email ?? input.email };
  if (existing?.status === "active") {
    // The owner's language, not the one of whoever typed their address.
    const ownLocale = toLocale(existing.locale);
    const mail = await renderAlreadyRegisteredEmail({
      signInUrl: inLanguage(`${env.APP_URL}/login`, ownLocale),
      forgotUrl: inLanguage(`${env.APP_URL}/forgot`, ownLocale),
      locale: ownLocale,
    });
    const messageId = await queueMessage(db, { kind: "already_registered", to: existing.email, reference: existing.id, ...mail, now });
    return { kind: "already-active", accountId: existing.id, message: { messageId } };
  }
  // The account, its link and its email are written together: all of them or none.
  return db.$transaction(async (tx) => {
    if (existing) {
      // The newest registration of a pending address wins; its earlier links stop working. The status condition
      // keeps an account that was activated meanwhile untouched (the next pass then finds it active).
      const replaced = await tx.account.updateMany({
        where: { id: existing.id, status: "pending" },
        data: { passwordHash: input.passwordHash, country: input.country, wantsOffers: input.wantsOffers, activationMailedAt: now, locale },
      });
      if (replaced.count !== 1) throw new AccountChanged();
      await endActivationLinks(tx, existing.id);
      const message = await queueActivationMail(tx, { account: { ...existing, locale }, binding, now });
      return { kind: "pending-replaced" as const, accountId: existing.id, message };
    }
    const account = await tx.account.create({
      data: {
        miId: newMiId(),
        email: input.email,
        emailKey: emailKey(input.email),
        country: input.country,
        wantsOffers: input.wantsOffers,
        passwordHash: input.passwordHash,
        activationMailedAt: now,
        locale,
      },
    });
    return { kind: "created" as const, accountId: account.id, message: await queueActivationMail(tx, { account: { ...account, email: input.email }, binding, now }) };
  });
}

/** The account changed between reading and writing it; the registration is retried against its new state. */
class AccountChanged extends Error {}
