import fc from "fast-check";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FieldErrors } from "@/components/ui/field-errors";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { renderActivationEmail, renderAlreadyRegisteredEmail, type RenderedEmail } from "@/emails";
import { CONFUSABLES, CONTROLS, hostileText, PAYLOADS, propertyRuns, spliced } from "../support/properties";

// Property-based testing: whatever string reaches an email or a form's echo (a URL, a typed value),
// it comes out as text, never as markup: no new element, no attribute broken open, and the plain-text part
// carries the URL verbatim.

const { assertProperty } = propertyRuns("tests/unit/escaping.property.test.ts");

// The shared payloads, and the characters that break text apart: NUL, CR/LF, bidi and zero-width, a lone surrogate.
const { fragment, text: hostile } = hostileText({ specials: [...PAYLOADS, ...CONTROLS, ...CONFUSABLES], pad: "<" });
/** URL-shaped strings: real URLs, real URLs with a payload spliced in, and anything at all. */
const urlLike = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  spliced(fc.webUrl({ withQueryParameters: true }), fragment),
  hostile,
);

// ---- emails -------------------------------------------------------------------------------------------------

// What React writes for a value in text or in a quoted attribute: the five markup characters as entities.
const REACT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeLikeReact = (value: string) => value.replace(/[&<>"']/g, (c) => REACT_ENTITIES[c] ?? c);
const DECODE: Record<string, string> = Object.fromEntries(Object.entries(REACT_ENTITIES).map(([c, entity]) => [entity, c]));
const unescapeHtml = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#x27);/g, (entity) => DECODE[entity] ?? entity);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

// React 19 swaps a javascript: href (its own test, copied) for a script that only throws.
const JAVASCRIPT_URL = /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;
const BLOCKED_HREF = "javascript:throw new Error('React has blocked a javascript: URL as a security precaution.')";

/**
 * An email rendered with `url` must be the one rendered with a harmless URL, the URL's escaped form standing in
 * its place in the HTML and the URL itself, verbatim, in the text. Since the escaped form has no markup
 * character, this means no element or attribute can be added, and the URL reaches the reader intact.
 * Two things React does on purpose are allowed for: a javascript: href is blocked, and the HTML, being UTF-8,
 * has U+FFFD for a lone surrogate (which UTF-8 cannot encode).
 */
const BASE = "https://base.invalid/URL";
const baselines = new WeakMap<(url: string) => Promise<RenderedEmail>, Promise<RenderedEmail>>();

async function expectUrlOnlyAsText(render: (url: string) => Promise<RenderedEmail>, url: string) {
  // Rendered once per template: each render is a React stream, and a thousand runs already take seconds.
  if (!baselines.has(render)) baselines.set(render, render(BASE));
  const baseline = await baselines.get(render)!;
  const mail = await render(url);
  const shown = url.toWellFormed();
  const href = JAVASCRIPT_URL.test(url) ? BLOCKED_HREF : shown;
  expect(mail.subject).toBe(baseline.subject);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  const expected = baseline.html
    .split(`href="${BASE}"`)
    .join(`href="${escapeLikeReact(href)}"`)
    .split(BASE)
    .join(escapeLikeReact(shown));
  expect(mail.html).toBe(expected);
  expect(mail.text).toBe(baseline.text.split(BASE).join(url));
  expect(mail.text).toContain(url);

  // The same, said the way a reviewer would check it by eye.
  for (const mark of ["<", ">", '"']) expect(count(mail.html, mark)).toBe(count(baseline.html, mark));
  expect(mail.html.toLowerCase()).not.toContain("<script");
  expect(mail.html).not.toMatch(/<img|<svg/i);
  const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((match) => unescapeHtml(match[1] ?? ""));
  expect(hrefs.length).toBe(count(baseline.html, "href="));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const each of hrefs) expect(each).toBe(href);
}

describe("emails", () => {
  const activation = (activationUrl: string) => renderActivationEmail({ activationUrl, locale: "en" });
  // Both of its links get the hostile URL, so every href must be exactly it.
  const alreadyRegistered = (url: string) => renderAlreadyRegisteredEmail({ signInUrl: url, forgotUrl: url, locale: "en" });

  it("activation: the URL is only ever text in the HTML, and verbatim in the plain text", { timeout: 60_000 }, async () => {
    await assertProperty(fc.asyncProperty(urlLike, (url) => expectUrlOnlyAsText(activation, url)), 1000);
  });

  it("already registered: the sign-in URL is only ever text in the HTML, and verbatim in the plain text", { timeout: 60_000 }, async () => {
    await assertProperty(fc.asyncProperty(urlLike, (url) => expectUrlOnlyAsText(alreadyRegistered, url)), 1000);
  });
});

// ---- pages --------------------------------------------------------------------------------------------------

/** Markup that a hostile value, echoed by a form's state, must leave structurally unchanged. */
function expectValueOnlyAsText(render: (value: string) => ReactElement, value: string) {
  const baseline = renderToStaticMarkup(render("harmless"));
  const markup = renderToStaticMarkup(render(value));
  for (const mark of ["<", ">", '"']) expect(count(markup, mark)).toBe(count(baseline, mark));
  expect(markup.toLowerCase()).not.toContain("<script");
  expect(markup).not.toMatch(/<img|<svg/i);
}

describe("pages: what a form echoes back", () => {
  it("a text field's value, its errors and the form's message render as text", () => {
    const forms = [
      // login-form.tsx, step1-form.tsx and resend-activation-form.tsx put the typed value back in the field.
      (value: string) =>
        createElement(TextField, { id: "login-identifier", name: "identifier", label: "Email", defaultValue: value, errors: [value] }),
      (value: string) => createElement("input", { type: "hidden", name: "email", value, readOnly: true }),
      (value: string) => createElement(FieldErrors, { id: "register-email", errors: [value] }),
      (value: string) => createElement(FormAlert, { message: value }),
    ];
    assertProperty(
      fc.property(hostile.filter((value) => value.length > 0), (value) => {
        for (const form of forms) expectValueOnlyAsText(form, value);
      }),
      500,
    );
  });
});
