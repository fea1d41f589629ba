"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * The recovery codes, shown once: a list to write down, a text file to download (a plain link, so it works without
 * JavaScript too) and, with JavaScript, a button that copies them.
 */
export function RecoveryCodes({ codes, miId }: { codes: string[]; miId: string }) {
  const m = useTranslations("twoStep");
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  const text = [m("fileTitle", { miId }), "", ...codes, ""].join("\n");
  return (
    <div className="recovery-codes" data-testid="recovery-codes">
      <h2 tabIndex={-1} id="recovery-codes-title">{m("codesTitle")}</h2>
      <p className="alert alert--info" role="status">{m("codesIntro")}</p>
      <ol aria-labelledby="recovery-codes-title" className="recovery-codes__list">
        {codes.map((code) => (
          <li key={code}><code dir="ltr">{code}</code></li>
        ))}
      </ol>
      <p>
        <a className="button button--secondary" download={`mi-account-recovery-codes-${miId}.txt`} href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}>
          {m("download")}
        </a>
      </p>
      {hydrated ? (
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}
          >
            {m("copy")}
          </button>
        </p>
      ) : null}
      <p role="status" className="muted">{copied ? m("copied") : ""}</p>
      <p><Link className="button" href="/account#two-step">{m("done")}</Link></p>
    </div>
  );
}
