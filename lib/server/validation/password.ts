import "server-only";
import { checkPassword, type PasswordProblem } from "@/lib/shared/password-rules";
import { COMMON_PASSWORDS } from "./common-passwords";

/** The whole password rule as the server applies it: the shared rule plus the common-password list. */
export function passwordProblems(password: string, email = ""): PasswordProblem[] {
  const problems: PasswordProblem[] = checkPassword(password, email);
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push("common");
  return problems;
}
