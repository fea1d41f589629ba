"use client";

import { useState } from "react";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { captchaField as m } from "@/lib/shared/messages/fields";
import { FieldErrors, describedBy } from "./field-errors";

type Props = { id: string; errors?: readonly string[]; nonce: string; refreshHref: string };

/**
 * The captcha image with its answer field. Every image load makes a new captcha on the server, so a new
 * `nonce` (after a wrong answer) or a press of refresh shows a new code. Without JavaScript the refresh link
 * reloads the page, which loads a new image too.
 */
export function CaptchaField({ id, errors, nonce, refreshHref }: Props) {
  const [refreshes, setRefreshes] = useState(0);
  return (
    <div className="field">
      <label htmlFor={id}>{m.label}</label>
      <div className="captcha">
        {/* eslint-disable-next-line @next/next/no-img-element -- a per-request SVG, never optimised or cached */}
        <img className="captcha__image" src={`/captcha?n=${encodeURIComponent(nonce)}-${refreshes}`} alt={m.imageAlt} width={150} height={50} />
        <a
          href={refreshHref}
          className="button button--secondary button--small"
          onClick={(event) => {
            event.preventDefault();
            setRefreshes((n) => n + 1);
          }}
        >
          {m.refresh}
        </a>
      </div>
      <input
        id={id}
        name="captcha"
        className="input"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        required
        maxLength={CAPTCHA_INPUT_MAX}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, true)}
      />
      <p id={`${id}-hint`} className="field__hint">{m.hint}</p>
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
