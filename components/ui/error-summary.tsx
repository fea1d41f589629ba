"use client";

import { useEffect, useId, useRef } from "react";
import type { FormState } from "@/lib/shared/form-state";
import { useTranslations } from "next-intl";
import { FormAlert } from "./form-alert";

type Props = {
  state: Pick<FormState, "errors" | "message" | "tone">;
  /** Field name → input id, in the order the fields appear: each field's errors link to its input. */
  fields?: Record<string, string>;
  /** A message shown while the form has no answer yet (e.g. "Password changed, sign in"). */
  notice?: { message: string; tone: "info" | "ok" };
};

/**
 * A refused submit's answer at the top of the form. With JavaScript it takes focus, so a keyboard or screen
 * reader user hears what went wrong once (the box's title and text) and continues from there, not from the top
 * of the page; each line links to its field. The fields' own errors are tied to them by aria-describedby and are
 * not live regions, so nothing is announced twice. Answers that are not errors stay a polite status message.
 */
export function ErrorSummary({ state, fields = {}, notice }: Props) {
  const m = useTranslations("fields.errorSummary");
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const fieldErrors = Object.entries(fields).flatMap(([name, id]) => (state.errors?.[name] ?? []).map((error) => ({ id, error })));
  const isError = (state.tone ?? "error") === "error" && (Boolean(state.message) || fieldErrors.length > 0);
  // `state` is a new object for every answer, so a second identical refusal takes focus again. The tab's title
  // says "Error:" too, for whoever finds their way by window titles.
  useEffect(() => {
    if (!isError) return;
    box.current?.focus();
    const prefix = m("titlePrefix");
    const mark = () => {
      if (!document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    };
    mark();
    // Next.js may write the page's <title> again after this effect (the answer's metadata can land later), which
    // once dropped the prefix in CI: while the error is shown, the prefix goes back on whenever the title changes.
    const titles = new MutationObserver(mark);
    titles.observe(document.head, { subtree: true, childList: true, characterData: true });
    // Only the prefix is taken back: by now the title may be the next page's.
    return () => {
      titles.disconnect();
      if (document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
    };
  }, [state, isError, m]);
  if (!isError) {
    const message = state.message ?? notice?.message;
    return <FormAlert message={message} tone={state.message ? (state.tone ?? "error") : notice?.tone} />;
  }
  return (
    <div ref={box} className="error-summary" role="group" tabIndex={-1} aria-labelledby={titleId} aria-describedby={bodyId}>
      <h2 id={titleId} className="error-summary__title">{m("title")}</h2>
      <div id={bodyId}>
        {state.message ? <p className="error-summary__message">{state.message}</p> : null}
        {fieldErrors.length ? (
          <ul className="error-summary__list">
            {fieldErrors.map(({ id, error }) => (
              <li key={`${id}-${error}`}>
                <a
                  href={`#${id}`}
                  onClick={(event) => {
                    // A fragment link scrolls but does not focus an input; the person wants to type there.
                    const input = document.getElementById(id);
                    if (!input) return;
                    event.preventDefault();
                    input.focus();
                  }}
                >
                  {error}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
