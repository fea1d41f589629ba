import "server-only";
import { getTranslations } from "next-intl/server";
import type { FieldErrors } from "@/lib/server/validation/form-data";
import { waitParts } from "@/lib/shared/i18n/wait";

// What server actions say, in the request's language: lib/ answers with codes and numbers, these make words.
export async function actionMessages() {
  const t = await getTranslations();
  return {
    t,
    /** Validation codes (message keys) → the messages beside each field. */
    errors<K extends string>(errors: FieldErrors<K>): Partial<Record<K, string[]>> {
      const out: Partial<Record<K, string[]>> = {};
      for (const [field, codes] of Object.entries(errors) as [K, string[] | undefined][]) {
        if (codes) out[field] = codes.map((code) => t(code as Parameters<typeof t>[0]));
      }
      return out;
    },
    /** "Too many attempts. Please try again in 15 minutes." */
    tooManyTries(retryAfterMs: number): string {
      return t("errors.tooManyTries", { wait: t("common.waitFor", waitParts(retryAfterMs)) });
    },
  };
}
