"use client";

import { useCallback, useState } from "react";
import { CAPTCHA_IMAGE_HEIGHT, CAPTCHA_IMAGE_WIDTH, CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { useTranslations } from "next-intl";
import { FieldErrors, describedBy } from "./field-errors";
import { ProofOfWork } from "./proof-of-work";
import { useHydrated } from "./use-hydrated";

type Props = { id: string; errors?: readonly string[]; nonce: string; refreshHref: string };

/**
 * The captcha image with its answer field, and the proof of work solved in the background. Every image load
 * makes a new captcha on the server, so a new `nonce` (after a wrong answer) or a press of refresh shows a new
 * code. Without JavaScript the refresh link reloads the page, which loads a new image too. With JavaScript, a
 * person who cannot see the image may choose "verify another way": a harder proof of work stands in for it.
 */
export function CaptchaField({ id, errors, nonce, refreshHref }: Props) {
  const [refreshes, setRefreshes] = useState(0);
  const [alternative, setAlternative] = useState(false);
  const [solved, setSolved] = useState(false);
  const onSolved = useCallback((done: boolean) => setSolved(done), []);
  const hydrated = useHydrated();
  const m = useTranslations("fields.captcha");
  if (alternative) {
    return (
      <div className="field">
        <input type="hidden" name="captchaMode" value="alternative" />
        <ProofOfWork key={`${nonce}-alt`} nonce={`${nonce}-alt`} hard onSolved={onSolved} />
        <p role="status" className="field__hint">{solved ? m("alternativeReady") : m("alternativeWorking")}</p>
        <FieldErrors id={id} errors={errors} />
        <button type="button" className="button button--secondary button--small" onClick={() => setAlternative(false)}>
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
        <button type="button" className="button button--secondary button--small" onClick={() => setAlternative(true)}>
          {m("alternative")}
        </button>
      ) : null}
    </div>
  );
}
