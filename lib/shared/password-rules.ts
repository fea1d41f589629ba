// The real portal's rule: 8–16 characters mixing at least two of letters, digits and symbols. The 16-character
// cap is the portal's own (a known deviation from ASVS, which asks for at least 64 allowed). Browser-safe: the
// page's hints and the server's check read the same constants. The common-password list is server-only
// (lib/server/validation/password.ts adds it), since it is large and tells an attacker nothing they need; the
// checklist asks it by hash prefix (commonPasswordHash below).
import { sha1Hex } from "./sha1";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 16;

export type PasswordProblem = "length" | "characters" | "kinds" | "containsEmail" | "common";

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

export function passwordKinds(password: string): number {
  const letters = /[A-Za-z]/.test(password) ? 1 : 0;
  const digits = /[0-9]/.test(password) ? 1 : 0;
  const symbols = /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(password) ? 1 : 0;
  return letters + digits + symbols;
}

/** Every way `password` breaks the rule, except "common"; empty when it passes. `email` may be empty. */
export function checkPassword(password: string, email = ""): Exclude<PasswordProblem, "common">[] {
  const problems: Exclude<PasswordProblem, "common">[] = [];
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) problems.push("length");
  if (!PRINTABLE_ASCII.test(password)) problems.push("characters");
  else if (passwordKinds(password) < 2) problems.push("kinds");
  const localPart = email.slice(0, Math.max(0, email.lastIndexOf("@"))).toLowerCase();
  const lower = password.toLowerCase();
  // Short local parts ("al@…") would forbid too much; those are still refused as the whole password.
  if (localPart && (lower === localPart || (localPart.length >= 3 && lower.includes(localPart)))) {
    problems.push("containsEmail");
  }
  return problems;
}

/**
 * The common-password list's lookup by k-anonymity, as the Pwned Passwords range API works: the browser sends the
 * first 5 hex digits of the SHA-1 of the lower-cased password (the list is compared lower-cased), the server
 * answers with the suffixes of its entries in that bucket, and the browser looks for its own. The password never
 * leaves the browser before the form is sent, and the list never reaches it whole.
 */
export const COMMON_PASSWORD_PREFIX_LENGTH = 5;

export function commonPasswordHash(password: string): { prefix: string; suffix: string } {
  const hash = sha1Hex(password.toLowerCase());
  return { prefix: hash.slice(0, COMMON_PASSWORD_PREFIX_LENGTH), suffix: hash.slice(COMMON_PASSWORD_PREFIX_LENGTH) };
}

/** The route answering one bucket (app/password-check/[prefix]/route.ts): `{ suffixes: string[] }`. */
export const commonPasswordRangePath = (prefix: string) => `/password-check/${prefix}`;

export const isCommonPasswordPrefix = (value: string) => /^[0-9A-F]{5}$/.test(value);

/** Whether the list is worth asking about: only a password that fits the rule's shape could be refused for it alone. */
export const commonPasswordCheckApplies = (password: string) => {
  const problems = checkPassword(password);
  return !problems.includes("length") && !problems.includes("characters");
};

/**
 * What the live checklist under a new-password field shows as met; the same checks the server makes. `notCommon`
 * is the common-password list's verdict, asked of the server (true: not on it); undefined while unknown.
 */
export type PasswordChecklist = { length: boolean; kinds: boolean; characters: boolean; notEmail: boolean; notCommon: boolean; match: boolean };

export function passwordChecklist({ password, confirmation, email = "", notCommon }: { password: string; confirmation: string; email?: string; notCommon?: boolean }): PasswordChecklist {
  const problems = new Set(checkPassword(password, email));
  const typed = password.length > 0;
  return {
    length: !problems.has("length"),
    kinds: typed && passwordKinds(password) >= 2,
    characters: !problems.has("characters"),
    notEmail: typed && !problems.has("containsEmail"),
    notCommon: typed && notCommon === true,
    match: typed && password === confirmation,
  };
}
