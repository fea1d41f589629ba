import "server-only";
import type { CodePurpose } from "@/lib/server/db/types";
import { toLocale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";
import { CODE_LIFETIME_MINUTES } from "@/lib/shared/one-time-code";

// The words of a one-time code's SMS, in the account's language, from the catalogue's sms.codes (as emails take
// theirs from emails.*: emails/copy.ts). Each is written to fit one SMS (160 GSM-7 septets, or 70 UTF-16 units for
// scripts outside the GSM alphabet: tests/unit/sms-text.test.ts): the code first, so it shows in the phone's
// notification and autofill finds it; the portal's name, so the person knows who sent it; and no link, the
// bait of phishing texts.

const KEYS = {
  registration: "sms.codes.registration",
  sign_in: "sms.codes.signIn",
  recovery: "sms.codes.recovery",
  binding: "sms.codes.binding",
  new_device: "sms.codes.newDevice",
} as const satisfies Record<CodePurpose, string>;

/** The lifetime the texts state unless told otherwise: the codes' own. */
const STATED_MINUTES = CODE_LIFETIME_MINUTES;

/**
 * The SMS text carrying `code` for `purpose`, in `locale` (an account's stored language; an unknown one reads as
 * the default). `minutes`: the lifetime to state, when the code's is not the usual 10 minutes.
 */
export function codeText({ purpose, code, locale, minutes = STATED_MINUTES }: { purpose: CodePurpose; code: string; locale: string; minutes?: number }): string {
  return translator(toLocale(locale))(KEYS[purpose], { code, minutes });
}
