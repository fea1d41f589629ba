// The real portal's rule: 8–16 characters mixing at least two of letters, digits and symbols. The 16-character
// cap is the portal's own (a known deviation from ASVS, which asks for at least 64 allowed). Browser-safe: the
// page's hints and the server's check read the same constants. The common-password list is server-only
// (lib/server/validation/password.ts adds it), since it is large and tells an attacker nothing they need.
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

/** What the live checklist under a new-password field shows as met; the same checks the server makes. */
export type PasswordChecklist = { length: boolean; kinds: boolean; characters: boolean; notEmail: boolean; match: boolean };

export function passwordChecklist(password: string, confirmation: string, email = ""): PasswordChecklist {
  const problems = new Set(checkPassword(password, email));
  const typed = password.length > 0;
  return {
    length: !problems.has("length"),
    kinds: typed && passwordKinds(password) >= 2,
    characters: !problems.has("characters"),
    notEmail: typed && !problems.has("containsEmail"),
    match: typed && password === confirmation,
  };
}
