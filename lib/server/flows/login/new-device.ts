import "server-only";
import { renderNewDeviceCodeEmail } from "@/emails";
import { env } from "@/lib/server/config/env";
import { queueMessage, type QueuedMessage } from "@/lib/server/courier/outbox";
import { maskedNumber } from "@/lib/server/courier/sms-transport";
import { db } from "@/lib/server/db/client";
import { browserLabel, describeBrowser } from "@/lib/server/identity/browser-label";
import type { TrustedBrowser } from "@/lib/server/identity/trusted-devices";
import { issueCode } from "@/lib/server/methods/code/one-time-code";
import { queueCodeSms } from "@/lib/server/methods/code/sms";
import { hashSecret, newSecret } from "@/lib/server/security/secrets";
import { consumeLimit, LIMITS, refundAttempt } from "@/lib/server/security/rate-limit";
import { admitSms, releaseSms } from "@/lib/server/security/sms-guard";
import { inLanguage, toLocale } from "@/lib/shared/i18n/locales";
import { formatLocalTime } from "@/lib/shared/local-time";
import { parseMobileNumber } from "@/lib/shared/phone-number";
import { countryTimeZone } from "@/lib/shared/time-zones";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { SECOND_STEP_LIFETIME_MS, type SecondStepStarted } from "./second-step";

// The new-device check, as the real Mi Account does it: a password typed in a browser that has never signed in to
// the account (no trusted-device cookie of it: identity/trusted-devices.ts) lets nobody in until a 6-digit code sent
// to the account's email (or, with none, its phone) is typed there too. The mail says where and when. An account
// with two-step verification takes its second step instead; a sign-in by a text-message code needs no check (the
// code went to the phone already). A browser let in this way is trusted from then on (its cookie), so the check
// comes once per browser. NEW_DEVICE_CHECK=off turns it off.

/** Whether this sign-in, its first step passed by the password, must take the check. */
export function newDeviceCheckNeeded({ browser }: { browser?: TrustedBrowser }): boolean {
  return env.NEW_DEVICE_CHECK === "on" && !browser;
}

type Account = { id: string; email: string | null; locale: string };

export type NewDeviceCheck = { ok: true; secondStep: SecondStepStarted } | { ok: false; retryAfterMs: number };

/** Half signs the browser in (a SecondStep row of check "new-device") and sends the code. */
export async function beginNewDeviceCheck({ account, userAgent }: { account: Account; userAgent?: string | null }, context: RequestContext): Promise<NewDeviceCheck> {
  const { now, ipGroup } = context;
  const allowed = await consumeLimit({ limit: LIMITS.newDeviceCodesPerAccount, key: account.id });
  if (!allowed.ok) return { ok: false, retryAfterMs: allowed.retryAfterMs };
  const { phone, country } = await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { phone: true, country: true } });
  const locale = toLocale(account.locale);
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SECOND_STEP_LIFETIME_MS);
  const halfSignedIn = { tokenHash: hashSecret(token), accountId: account.id, firstStep: "password", check: "new-device", createdAt: now, expiresAt };

  let queued: QueuedMessage[];
  if (account.email) {
    const email = account.email;
    const where = {
      browser: describeBrowser(browserLabel(userAgent), locale) ?? "?",
      address: ipGroup,
      time: formatLocalTime({ at: now, locale, timeZone: countryTimeZone(country) }),
    };
    queued = await db.$transaction(async (tx) => {
      await tx.secondStep.create({ data: halfSignedIn });
      const { code, expiresAt: codeExpiresAt } = await issueCode(tx, { accountId: account.id, purpose: "new_device", sentTo: email, now });
      const mail = await renderNewDeviceCodeEmail({ code, ...where, changePasswordUrl: inLanguage(`${env.APP_URL}/account#password`, locale), locale });
      const messageId = await queueMessage(tx, { channel: "email", kind: "new_device_code", to: email, ...mail, reference: account.id, secret: true, expiresAt: codeExpiresAt, now });
      return [{ messageId }];
    });
  } else {
    // A phone number only: the code by text, through every SMS guard (a text costs money, whoever typed the password).
    const parsed = parseMobileNumber({ input: phone ?? "" });
    if (!parsed.ok) throw new Error("An account without an email must have a phone number");
    const number = parsed.number;
    const admitted = await admitSms({ number, ipGroup });
    if (!admitted.ok) {
      // No text went out: it does not count against the account's five.
      await refundAttempt({ limit: LIMITS.newDeviceCodesPerAccount, key: account.id });
      return { ok: false, retryAfterMs: Math.max(admitted.retryAfterMs, 60_000) };
    }
    try {
      queued = await db.$transaction(async (tx) => {
        await tx.secondStep.create({ data: halfSignedIn });
        return [await queueCodeSms(tx, { account, purpose: "new_device", to: number.e164, now })];
      });
    } catch (error) {
      await releaseSms({ number, ipGroup });
      throw error;
    }
  }
  await afterCommit(context, { send: queued, audit: [{ event: "code_sent", outcome: "new-device", accountId: account.id, by: "owner" }] });
  return { ok: true, secondStep: { token, expiresAt } };
}

/** Where the code went, as the page may show it to whoever typed the password: "j•••@example.com", "+44…23". */
export function maskedDestination(sentTo: string): string {
  if (sentTo.startsWith("+")) return maskedNumber(sentTo);
  const at = sentTo.lastIndexOf("@");
  return at > 0 ? `${sentTo[0]}•••${sentTo.slice(at)}` : "•••";
}
