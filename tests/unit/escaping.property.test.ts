import fc from "fast-check";
import { hostileText } from "../support/hostile-text";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { FieldErrors } from "@/components/ui/field-errors";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { renderActivationEmail } from "@/emails/activation";
import { renderAlreadyRegisteredEmail } from "@/emails/already-registered";
import { escapeHtml } from "@/emails/layout";
import type { RenderedEmail } from "@/emails/layout";

// Issue 3, property-based testing: whatever string reaches an email or a form's echo (a URL, a typed value),
// it comes out as text, never as markup: no new element, no attribute broken open, and the plain-text part
// carries the URL verbatim.

let totalRuns = 0;
function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, numRuns: number) {
  fc.assert(property, { numRuns });
  totalRuns += numRuns;
}
afterAll(() => console.log(`[property] tests/unit/escaping.property.test.ts: ${totalRuns} fast-check runs`));

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
  `"><img src=x onerror=alert(1)>`,
  "'><svg onload=alert(1)>",
  `" onmouseover="alert(1)`,
  "javascript:alert(1)",
  "</a></p></td></tr></table></body></html><script>alert(1)</script>",
  "<!--",
  "]]>",
  "&amp;&lt;&quot;&#39;&#x27;",
  "&",
  "\0",
  "\r\n",
  "\r\nContent-Type: text/html\r\n\r\n<b>x</b>",
  "＜script＞",
  "\u202e",
  "\u200d",
  "\ud800",
];
const { fragment, text: hostile } = hostileText({ specials: PAYLOADS, pad: "<" });
/** URL-shaped strings: real URLs, real URLs with a payload spliced in, and anything at all. */
const urlLike = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.webUrl({ withQueryParameters: true }), fragment, fc.nat()).map(([url, piece, position]) => {
    const at = position % (url.length + 1);
    return url.slice(0, at) + piece + url.slice(at);
  }),
  hostile,
);

// ---- escapeHtml ---------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescapeHtml = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("escapeHtml", () => {
  it("leaves no markup character, only its five entities, and round-trips", () => {
    assertProperty(
      fc.property(hostile, (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        // Every & starts one of the five entities it writes, so nothing is double-read or left ambiguous.
        expect(escaped.replace(/&(?:amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
        expect(unescapeHtml(escaped)).toBe(value);
        if (!/[&<>"']/.test(value)) expect(escaped).toBe(value);
      }),
      1500,
    );
  });
});

// ---- emails -------------------------------------------------------------------------------------------------

/**
 * An email rendered with `url` must be the one rendered with a harmless URL, the URL's escaped form standing in
 * its place in the HTML and the URL itself, verbatim, in the text. Since the escaped form has no markup
 * character, this means no element or attribute can be added, and the URL reaches the reader intact.
 */
function expectUrlOnlyAsText(render: (url: string) => RenderedEmail, url: string) {
  const BASE = "https://base.invalid/URL";
  const baseline = render(BASE);
  const mail = render(url);
  expect(mail.subject).toBe(baseline.subject);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  expect(mail.html).toBe(baseline.html.split(escapeHtml(BASE)).join(escapeHtml(url)));
  expect(mail.text).toBe(baseline.text.split(BASE).join(url));
  expect(mail.text).toContain(url);

  // The same, said the way a reviewer would check it by eye.
  for (const mark of ["<", ">", '"']) expect(count(mail.html, mark)).toBe(count(baseline.html, mark));
  expect(mail.html.toLowerCase()).not.toContain("<script");
  expect(mail.html).not.toMatch(/<img|<svg/i);
  const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((match) => unescapeHtml(match[1] ?? ""));
  expect(hrefs.length).toBe(count(baseline.html, "href="));
  for (const href of hrefs) expect(href).toBe(url);
}

describe("emails", () => {
  it("activation: the URL is only ever text in the HTML, and verbatim in the plain text", () => {
    assertProperty(
      fc.property(urlLike, (url) => expectUrlOnlyAsText((activationUrl) => renderActivationEmail({ activationUrl }), url)),
      1000,
    );
  });

  it("already registered: the sign-in URL is only ever text in the HTML, and verbatim in the plain text", () => {
    assertProperty(
      fc.property(urlLike, (url) => expectUrlOnlyAsText((signInUrl) => renderAlreadyRegisteredEmail({ signInUrl }), url)),
      1000,
    );
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
