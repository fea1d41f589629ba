import "server-only";
import type { CodePurpose } from "@/lib/server/db/types";
import type { Locale } from "@/lib/shared/i18n/locales";

// Placeholder until the gateway branch (issue 22, point 6) brings the texts in every language from the catalogue.
export function codeText({ code }: { purpose: CodePurpose; code: string; locale: Locale }): string {
  return `${code} is your Mi Account verification code. It expires in 10 minutes. Never share it.`;
}
