"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH, CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { useTranslations } from "next-intl";
import { FieldErrors, describedBy } from "./field-errors";
import { ProofOfWork, type ProofOfWorkStatus } from "./proof-of-work";
import { useHydrated } from "./use-hydrated";

type Props = { id: string; errors?: readonly string[]; nonce: string; refreshHref: string };

/**
 * The captcha image with its answer field, and the proof of work solved in the background. Every image load
 * makes a new captcha on the server, so a new `nonce` (after a wrong answer) or a press of refresh shows a new
 * code. Without JavaScript the refresh link reloads the page, which loads a new image too. With JavaScript, a
 * person who cannot see the image may choose "verify another way": a harder proof of work stands in for it, never
 * refused by the server (from a busy address it takes longer instead), so its "done" is not contradicted by the form.
 * Pressing it moves focus to the status line, which screen readers then read; going back moves it to the code field.
 */
export function CaptchaField({ id, errors, nonce, refreshHref }: Props) {
  const [refreshes, setRefreshes] = useState(0);
  const [alternative, setAlternative] = useState(false);
  const [status, setStatus] = useState<ProofOfWorkStatus>("working");
  const onStatus = useCallback((next: ProofOfWorkStatus) => setStatus(next), []);
  // Where focus goes after a switch the person asked for (never on the first render).
  const focusAfterSwitch = useRef(false);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();
  const m = useTranslations("fields.captcha");

  useEffect(() => {
    if (!focusAfterSwitch.current) return;
    focusAfterSwitch.current = false;
    (alternative ? statusLine.current : codeField.current)?.focus();
  }, [alternative]);

  const switchTo = (useAlternative: boolean) => {
    focusAfterSwitch.current = true;
    setAlternative(useAlternative);
  };

  if (alternative) {
    const statusText = { working: m("alternativeWorking"), solved: m("alternativeReady"), failed: m("alternativeFailed") }[status];
    return (
      <div className="field">
        <input type="hidden" name="captchaMode" value="alternative" />
        <ProofOfWork key={`${nonce}-alt`} nonce={`${nonce}-alt`} hard onStatus={onStatus} />
        <p ref={statusLine} role="status" tabIndex={-1} className="field__hint">{statusText}</p>
        <FieldErrors id={id} errors={errors} />
        <button type="button" className="button button--secondary button--small" onClick={() => switchTo(false)}>
          {m("alternativeBack")}
        </button>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{m("label")}</label>
      <div className="captcha">
        {/* eslint-disable-next-line @next/next/no-img-element -- a per-request image, never optimised or cached */}
        <img
          className="captcha__image"
          src={`/captcha?n=${encodeURIComponent(nonce)}-${refreshes}`}
          alt={m("imageAlt")}
          width={CAPTCHA_IMAGE_WIDTH}
          height={CAPTCHA_IMAGE_HEIGHT}
        />
        <a
          href={refreshHref}
          className="button button--secondary button--small"
          onClick={(event) => {
            event.preventDefault();
            setRefreshes((n) => n + 1);
          }}
        >
          {m("refresh")}
        </a>
      </div>
      <input
        key={`code-${nonce}`}
        ref={codeField}
        id={id}
        name="captcha"
        className="input"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        required
        maxLength={CAPTCHA_INPUT_MAX}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, `${id}-hint`)}
      />
      <p id={`${id}-hint`} className="field__hint">{m("hint")}</p>
      <FieldErrors id={id} errors={errors} />
      <ProofOfWork key={`pow-${nonce}`} nonce={nonce} />
      {hydrated ? (
        <button type="button" className="button button--secondary button--small" onClick={() => switchTo(true)}>
          {m("alternative")}
        </button>
      ) : null}
    </div>
  );
}
