import fc from "fast-check";
import { afterAll } from "vitest";
import { listCountries } from "@/lib/shared/countries";

// The one set of property-based testing helpers (fast-check), for tests/unit/*.property.test.ts and
// tests/integration/forms.property.test.ts: the hostile strings every parser, form and template is fed, the
// arbitraries for a form's fields, and the run counting each file reports. Loads no server module, so a unit
// test and an integration test (after tests/integration/setup.ts) may both import it.

// ---- hostile strings ------------------------------------------------------------------------------------------

/** Characters that look like, or case-fold to, something else, and invisible or direction-changing ones. */
export const CONFUSABLES = [
  "＠", // fullwidth commercial at
  "．", // fullwidth full stop
  "а", // Cyrillic a
  "е", // Cyrillic ie
  "о", // Cyrillic o
  "ο", // Greek omicron
  "İ", // lower-cases to two code units
  "K", // Kelvin sign, lower-cases to ASCII k
  "ß",
  "\u200d", // zero-width joiner
  "\u200b", // zero-width space
  "\u200e", // left-to-right mark
  "\u200f", // right-to-left mark
  "\u202e", // right-to-left override
  "\u2066", // left-to-right isolate
  "\ufeff", // byte-order mark
  "\u00a0", // no-break space
  "\u3000", // ideographic space
  "\ud800", // lone surrogate
];

/** Markup, script, SQL, header and template injections. */
export const PAYLOADS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
  `"><img src=x onerror=alert(1)>`,
  "'><svg onload=alert(1)>",
  `" onmouseover="alert(1)`,
  "javascript:alert(1)",
  "</a></p></td></tr></table></body></html><script>alert(1)</script>",
  "<!--",
  "]]>",
  "＜script＞",
  "&amp;&lt;&quot;&#39;&#x27;",
  "&lt;&amp;&#39;",
  "&",
  "' OR '1'='1",
  "\r\nBcc: victim@example.com",
  "%0d%0aBcc:victim@example.com",
  "\r\nContent-Type: text/html\r\n\r\n<b>x</b>",
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
];

export const CONTROLS = ["\0", "\r", "\n", "\r\n", "\t", "\v", "\f", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029"];

/** Ordinary pieces of a form's values, so hostile runs also come close to valid ones. */
export const PLAIN = [" ", "@", ".", "-", "_", "+", "a", "Z", "9", "#", "example.com", "GB", "on", "true"];

type HostileOptions = { specials?: readonly string[]; graphemes?: boolean; maxPieces?: number; shortWeight?: number; pad?: string };

/**
 * The strings the property tests throw at every parser: runs of random, binary and special fragments (payloads,
 * confusables, control characters), and now and then one of 10 000–10 240 characters repeating a fragment.
 * `fragment` is one such piece, for splicing into otherwise valid values.
 */
export function hostileText({
  specials = [...CONFUSABLES, ...PAYLOADS, ...CONTROLS, ...PLAIN],
  graphemes = false,
  maxPieces = 8,
  shortWeight = 6,
  pad = "x",
}: HostileOptions = {}) {
  const fragment = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    ...(graphemes ? [fc.string({ unit: "grapheme" })] : []),
    fc.constantFrom(...specials),
  );
  const huge = fc
    .tuple(fragment, fc.integer({ min: 10_000, max: 10_240 }))
    .map(([piece, length]) => (piece || pad).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));
  const text = fc.oneof(
    { weight: shortWeight, arbitrary: fc.array(fragment, { maxLength: maxPieces }).map((pieces) => pieces.join("")) },
    { weight: 1, arbitrary: huge },
  );
  return { fragment, huge, text };
}

/** A value of `base` with a `piece` put in at any position (an address or a URL with a payload inside). */
export function spliced(base: fc.Arbitrary<string>, piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, piece, fc.nat()).map(([value, inserted, position]) => {
    const at = position % (value.length + 1);
    return value.slice(0, at) + inserted + value.slice(at);
  });
}

/** Often absent (a missing cookie or field), else a value of `arbitrary`. */
export const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 5 });

// ---- a form's fields --------------------------------------------------------------------------------------------

const countryCodes = listCountries().map((country) => country.code);

/** Arbitraries for each kind of form field, valid often enough that both sides of a property are exercised. */
export function formFieldsOf(hostile: fc.Arbitrary<string>) {
  const countryLike = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...countryCodes) },
    fc.constantFrom(...countryCodes).map((code) => code.toLowerCase()),
    fc.tuple(fc.constantFrom(...countryCodes), fc.constantFrom(...CONFUSABLES, ...CONTROLS, " ")).map(([code, extra]) => code + extra),
    fc.constantFrom("XX", "ZZ", "UK", "EU", "G B", "ＧＢ"),
    hostile,
  );
  const checkboxLike = fc.oneof(
    { weight: 3, arbitrary: fc.constant("on") },
    { weight: 1, arbitrary: fc.constantFrom("true", "", "off", "ON", "1", "yes", "on\0", " on") },
    { weight: 1, arbitrary: hostile },
  );
  const passwordLike = fc.oneof(fc.stringMatching(/^[\x21-\x7e]{8,16}$/), fc.constant("Sunset#2049"), hostile);
  const captchaLike = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{5}$/), fc.constantFrom(" ab3De ", "\u3000abcde", "\0"), hostile);
  /** Unknown extra fields a hand-made post may add, some named after Object.prototype's own. */
  const strayFields = (maxKeys: number) => fc.dictionary(fc.oneof(hostile, fc.constantFrom("__proto__", "constructor", "toString")), hostile, { maxKeys });
  /** A form of the given fields, each possibly missing, with up to `stray` unknown fields besides. */
  const form = <T extends Record<string, fc.Arbitrary<string>>>(fields: T, stray = 3) =>
    fc
      .tuple(strayFields(stray), fc.record(fields, { requiredKeys: [] }))
      .map(([extra, known]) => ({ ...extra, ...known }) as Partial<Record<keyof T, string>> & Record<string, string>);
  return { countryCodes, countryLike, checkboxLike, passwordLike, captchaLike, form };
}

/** Every string in a message catalogue's subtree. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

// ---- runs ---------------------------------------------------------------------------------------------------------

/**
 * fc.assert with a fixed number of runs, counted towards the file's total, and a tally of inputs the code under
 * test accepted, to show both sides of every property are exercised; printed once the file is done. Call once, at
 * the top of a test file.
 */
export function propertyRuns(file: string) {
  let totalRuns = 0;
  const accepted: Record<string, number> = {};
  afterAll(() => {
    const tally = Object.keys(accepted).length > 0 ? `; accepted inputs: ${JSON.stringify(accepted)}` : "";
    console.log(`[property] ${file}: ${totalRuns} fast-check runs${tally}`);
  });

  function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void>;
  function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, numRuns: number): void;
  function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, numRuns: number): void | Promise<void> {
    if (property.isAsync()) return fc.assert(property as fc.IAsyncProperty<Ts>, { numRuns }).then(() => void (totalRuns += numRuns));
    fc.assert(property as fc.IProperty<Ts>, { numRuns });
    totalRuns += numRuns;
  }

  const countAccepted = (name: string) => (accepted[name] = (accepted[name] ?? 0) + 1);
  return { assertProperty, countAccepted };
}
