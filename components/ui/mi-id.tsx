"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { useHydrated } from "./use-hydrated";

/**
 * The Mi Account ID, large and selectable in one click (user-select: all), with a Copy button once the page's
 * script runs. The button's result is said in a status line, so a screen reader hears it once.
 */
export function MiId({ miId, testId }: { miId: string; testId: string }) {
  const hydrated = useHydrated();
  const m = useTranslations("fields.miIdCopy");
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <span className="mi-id-row">
      <bdi className="mi-id" dir="ltr" data-testid={testId}>{miId}</bdi>
      {hydrated ? (
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={m("buttonLabel")}
          onClick={() => {
            navigator.clipboard.writeText(miId).then(
              () => setCopied("yes"),
              () => setCopied("failed"),
            );
          }}
        >
          {m("button")}
        </button>
      ) : null}
      <span role="status" className="mi-id-row__status">{copied === "yes" ? m("copied") : copied === "failed" ? m("failed") : ""}</span>
    </span>
  );
}
