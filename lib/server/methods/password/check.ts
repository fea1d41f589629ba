import "server-only";
import { verifyAgainstNothing, verifyPassword } from "@/lib/server/identity/passwords";

/**
 * The longest typed password that is checked at all: well past the rule's 16 (lib/shared/password-rules.ts), and
 * short of bcrypt's 72 bytes, past which it would read only a prefix. Anything longer is simply wrong.
 */
export const TYPED_PASSWORD_MAX_LENGTH = 64;

/**
 * Whether a typed password is the account's. With no account to check against, the same bcrypt time is spent,
 * so an unknown identifier cannot be told apart by timing; an over-long password is refused alike for both.
 */
export async function passwordMatches(typed: string, hash: string | null | undefined): Promise<boolean> {
  if (typed.length > TYPED_PASSWORD_MAX_LENGTH) return false;
  return hash ? verifyPassword(typed, hash) : verifyAgainstNothing(typed);
}
