import { emailKey } from "./email-address";
import { isMiId } from "./mi-id";
import { parseMobileNumber, type MobileNumber } from "./phone-number";

// What the sign-in and forgot-password fields accept, read in one place: a Mi Account ID (10 digits), a mobile
// phone number (digits with what people put in numbers: "+", spaces, dots, dashes, brackets), international
// ("+…", "00…") or national in the chosen country/region, or else an email (whatever else was typed, "@" or not: a
// mistyped address is answered as an address, never asked for a country and a text message).
// Imports the phone-number rule (libphonenumber-js "max"): keep this module out of client components.

export type IdentifierKind = "email" | "mi-id" | "phone";

const PHONE_SHAPED = /^\+?[\s(\u00a0]*[0-9][0-9\s().\-\u00a0]*$/;

export function identifierKind(typed: string): IdentifierKind {
  const value = typed.trim();
  if (isMiId(value)) return "mi-id";
  return PHONE_SHAPED.test(value) ? "phone" : "email";
}

/**
 * What was typed, resolved: how to look the account up, and the key its sign-in failures are counted under. A
 * phone number that does not parse names no account, and is counted under what was typed (so guessing at formats
 * is paused like guessing at an address): the page answers it like an unknown account.
 */
export type ResolvedIdentifier =
  | { kind: "email"; key: string; lookup: { emailKey: string } }
  | { kind: "mi-id"; key: string; lookup: { miId: string } }
  | { kind: "phone"; key: string; lookup: { phone: string }; number: MobileNumber }
  | { kind: "phone"; key: string; lookup: null; number: null };

export function resolveIdentifier({ typed, country }: { typed: string; country?: string | null }): ResolvedIdentifier {
  const value = typed.trim();
  const kind = identifierKind(value);
  if (kind === "email") return { kind, key: `email:${emailKey(value)}`, lookup: { emailKey: emailKey(value) } };
  if (kind === "mi-id") return { kind, key: `mi:${value}`, lookup: { miId: value } };
  // "0086…": 00 is the international prefix almost everywhere, and libphonenumber reads it only with a country
  // whose prefix it is; read as "+86…", it works with any country or none.
  const parsed = parseMobileNumber({ input: value.replace(/^00(?=[1-9])/, "+"), country });
  // Counted under what was typed, without the separators people put in numbers (so "+86 12" and "+8612" are one).
  if (!parsed.ok) return { kind, key: `phone-typed:${value.toLowerCase().replace(/[\s().\-\u00a0]/g, "")}`, lookup: null, number: null };
  return { kind, key: `phone:${parsed.number.e164}`, lookup: { phone: parsed.number.e164 }, number: parsed.number };
}
