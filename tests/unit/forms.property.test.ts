import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAPTCHA_INPUT_MAX } from "@/lib/shared/captcha-rules";
import { isCountryCode } from "@/lib/shared/countries";
import { emailSchema } from "@/lib/server/validation/email";
import { EMAIL_MAX_LENGTH, normalizeEmail } from "@/lib/shared/email-address";
import { english, keysOf } from "../support/messages";
import { formFieldsOf, hostileText, propertyRuns, spliced, stringsOf } from "../support/properties";
import { passwordProblems } from "@/lib/server/validation/password";
import { checkbox, fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { registerStep1Schema, registerStep2Schema } from "@/lib/server/validation/register";
import { resendSchema } from "@/lib/server/validation/resend";
import { signInSchema } from "@/lib/server/validation/sign-in";
import type { z } from "zod";

// Property-based testing: every form's server-side parser, fed hostile strings (10 kB values, NUL,
// CR/LF, unicode confusables, HTML/script payloads), never throws, accepts only what the rules allow, and speaks
// only in the portal's own message keys.

const { assertProperty, countAccepted } = propertyRuns("tests/unit/forms.property.test.ts");

// ---- hostile strings ---------------------------------------------------------------------------------------

const { fragment, text: hostile } = hostileText({ graphemes: true, maxPieces: 10 });

/** Addresses the portal accepts, with the domain in any case. */
const portalEmail = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_+-]{1,20}(\.[A-Za-z0-9_'+-]{1,10})?$/),
    fc.stringMatching(/^([A-Za-z0-9][A-Za-z0-9-]{0,9}\.){1,3}[A-Za-z]{2,6}$/),
  )
  .map(([local, domain]) => `${local}@${domain}`);
const anyEmail = fc.oneof(portalEmail, fc.emailAddress());

/** Something that looks like an email: valid ones, and valid ones with a hostile fragment spliced in. */
const emailLike = fc.oneof(
  { weight: 3, arbitrary: portalEmail },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: anyEmail.map((email) => email.toUpperCase()) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("", " ", "\t", "\u00a0", "\ufeff", "\r\n", "\n"), anyEmail, fc.constantFrom("", " ", "\r\n", "\0"))
      .map(([before, email, after]) => before + email + after),
  },
  { weight: 3, arbitrary: spliced(anyEmail, fragment) },
  {
    weight: 1,
    arbitrary: fc.tuple(portalEmail, fc.integer({ min: 200, max: 300 })).map(([email, padding]) => "a".repeat(padding) + email),
  },
  { weight: 3, arbitrary: hostile },
);

const { countryLike, checkboxLike, passwordLike, captchaLike, form } = formFieldsOf(hostile);

// ---- what a result may say ---------------------------------------------------------------------------------

const errorKeys = keysOf(english.errors, "errors");
const PORTAL_MESSAGES = new Set([...stringsOf(errorKeys), "login.invalid"]);

/** Every error is one of the catalogue's message keys and sits under one of the form's own fields. */
function expectPortalErrors(error: z.ZodError, fields: readonly string[]) {
  const errors = fieldErrors(error);
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const [field, list] of Object.entries(errors)) {
    expect(fields).toContain(field);
    for (const message of list ?? []) expect(PORTAL_MESSAGES).toContain(message);
  }
}

/** What a stored, mailed address must be: short, single-line, trimmed, ASCII, domain lower-cased, stable. */
function expectSafeEmail(email: string) {
  expect(email.length).toBeGreaterThan(0);
  expect(email.length).toBeLessThanOrEqual(EMAIL_MAX_LENGTH);
  expect(email).not.toMatch(/[\r\n\0]/);
  expect(email).toBe(email.trim());
  expect(email).toMatch(/^[\x21-\x7e]+$/); // no confusables, zero-width or bidi characters
  expect(email).not.toMatch(/[<>"]/);
  const domain = email.slice(email.lastIndexOf("@") + 1);
  expect(domain).toBe(domain.toLowerCase());
  expect(normalizeEmail(email)).toBe(email);
  expect(emailSchema.parse(email)).toBe(email);
}

// zod 4 measures min/max in code points, not UTF-16 units: an astral character counts once.
const codePoints = (value: string) => [...value].length;

/** safeParse, failing the property if it throws (fc.assert would report the input that did). */
function parse<S extends z.ZodType>(schema: S, input: unknown) {
  return schema.safeParse(input);
}

// ---- the properties ----------------------------------------------------------------------------------------

describe("emailSchema (every form's email field)", () => {
  it("accepts only safe addresses, and every address the normalised value makes valid", () => {
    assertProperty(
      fc.property(emailLike, (raw) => {
        const result = parse(emailSchema, raw);
        if (result.success) {
          countAccepted("emailSchema");
          expectSafeEmail(result.data);
          expect(result.data).toBe(normalizeEmail(raw));
        } else {
          expectPortalErrors(result.error, ["form"]);
          if (normalizeEmail(raw).length > EMAIL_MAX_LENGTH) {
            expect(result.error.issues.map((issue) => issue.message)).toContain(errorKeys.email.tooLong);
          }
        }
      }),
      1500,
    );
  });

  it("never accepts CR, LF or NUL anywhere, however the address is dressed", () => {
    assertProperty(
      fc.property(emailLike, fc.constantFrom("\r", "\n", "\0", "\r\n"), fc.nat(), (raw, control, position) => {
        const at = position % (raw.length + 1);
        const spliced = raw.slice(0, at) + control + raw.slice(at);
        const result = parse(emailSchema, spliced);
        // A control character at either end is trimmed away like any whitespace; inside, it refuses the address.
        if (result.success) expect(spliced.trim()).not.toMatch(/[\r\n\0]/);
      }),
      1000,
    );
  });
});

describe("registerStep1Schema (register, step 1)", () => {
  const FIELDS = ["country", "email", "privacy"] as const;
  const step1Form = form({ country: countryLike, email: emailLike, privacy: checkboxLike, offers: checkboxLike });

  it("never throws; accepts exactly a known country, a valid email and the privacy box", () => {
    assertProperty(
      fc.property(step1Form, (fields) => {
        const result = parse(registerStep1Schema, fields);
        const shouldPass =
          typeof fields.country === "string" &&
          isCountryCode(fields.country) &&
          checkbox(fields.privacy) &&
          emailSchema.safeParse(fields.email).success;
        expect(result.success).toBe(shouldPass);
        if (result.success) {
          countAccepted("step1");
          expect(isCountryCode(result.data.country)).toBe(true);
          expect(result.data.country).toMatch(/^[A-Z]{2}$/);
          expectSafeEmail(result.data.email);
          expect(result.data.privacy).toBe(true);
          expect(result.data.offers).toBe(checkbox(fields.offers));
        } else {
          expectPortalErrors(result.error, FIELDS);
        }
      }),
      2000,
    );
  });
});

describe("registerStep2Schema (register, step 2)", () => {
  const FIELDS = ["password", "confirmPassword", "captcha"] as const;
  const validEmail = fc.oneof(fc.constant("jane@example.com"), portalEmail.map(normalizeEmail));
  // The password and its confirmation are usually the same string, as a person types them.
  const step2Form = fc
    .tuple(form({ password: passwordLike, confirmPassword: passwordLike, captcha: captchaLike }), fc.boolean())
    .map(([fields, same]) => (same && fields.password !== undefined ? { ...fields, confirmPassword: fields.password } : fields));

  it("never throws; accepts only a password that passes the rule, confirmed, and a short captcha answer", () => {
    assertProperty(
      fc.property(fc.oneof(validEmail, hostile), step2Form, (email, fields) => {
        const result = parse(registerStep2Schema(email), fields);
        const captcha = typeof fields.captcha === "string" ? fields.captcha.trim() : "";
        const shouldPass =
          typeof fields.password === "string" &&
          fields.password.length > 0 &&
          passwordProblems(fields.password, email).length === 0 &&
          fields.password === fields.confirmPassword &&
          codePoints(captcha) >= 1 &&
          codePoints(captcha) <= CAPTCHA_INPUT_MAX;
        expect(result.success).toBe(shouldPass);
        if (result.success) {
          countAccepted("step2");
          expect(passwordProblems(result.data.password, email)).toEqual([]);
          expect(result.data.password).toMatch(/^[\x21-\x7e]{8,16}$/);
          expect(result.data.password).toBe(fields.password);
          expect(result.data.confirmPassword).toBe(result.data.password);
          expect(result.data.captcha).toBe(captcha);
        } else {
          expectPortalErrors(result.error, FIELDS);
        }
      }),
      2000,
    );
  });
});

describe("signInSchema (sign in)", () => {
  const FIELDS = ["identifier", "password"] as const;
  const signInForm = form({
    identifier: fc.oneof(emailLike, fc.stringMatching(/^[1-9][0-9]{9}$/)),
    password: passwordLike,
    captcha: captchaLike,
    next: fc.oneof(fc.constantFrom("/account", "//evil.example", "javascript:alert(1)"), hostile),
  });

  it("never throws; passes on only a trimmed identifier and an untouched password, both bounded", () => {
    assertProperty(
      fc.property(signInForm, (fields) => {
        const result = parse(signInSchema, fields);
        const identifier = typeof fields.identifier === "string" ? fields.identifier.trim() : "";
        const shouldPass =
          codePoints(identifier) >= 1 &&
          codePoints(identifier) <= EMAIL_MAX_LENGTH &&
          typeof fields.password === "string" &&
          codePoints(fields.password) >= 1 &&
          codePoints(fields.password) <= 256;
        expect(result.success).toBe(shouldPass);
        if (result.success) {
          countAccepted("signIn");
          expect(result.data.identifier).toBe(identifier);
          expect(result.data.password).toBe(fields.password);
        } else {
          expectPortalErrors(result.error, FIELDS);
        }
      }),
      1500,
    );
  });
});

describe("resendSchema (resend activation email)", () => {
  it("never throws; passes exactly when the email does, with the same value", () => {
    assertProperty(
      fc.property(form({ email: emailLike }), (fields) => {
        const result = parse(resendSchema, fields);
        const email = emailSchema.safeParse(fields.email);
        expect(result.success).toBe(email.success);
        if (result.success) {
          countAccepted("resend");
          expectSafeEmail(result.data.email);
          expect(result.data.email).toBe(email.data);
        } else {
          expectPortalErrors(result.error, ["email"]);
        }
      }),
      1000,
    );
  });
});

describe("every schema, fed any JavaScript value", () => {
  const schemas = [registerStep1Schema, registerStep2Schema("jane@example.com"), signInSchema, resendSchema, emailSchema];

  it("never throws, and answers a plain object's bad fields in the portal's words", () => {
    assertProperty(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
        for (const schema of schemas) parse(schema, value);
      }),
      300,
    );
    assertProperty(
      fc.property(fc.dictionary(fc.constantFrom("country", "email", "privacy", "offers", "password", "confirmPassword", "captcha", "identifier"), fc.anything()), (value) => {
        for (const schema of schemas.slice(0, 4)) {
          const result = parse(schema, value);
          if (!result.success) {
            for (const list of Object.values(fieldErrors(result.error))) {
              for (const message of list ?? []) expect(PORTAL_MESSAGES).toContain(message);
            }
          }
        }
      }),
      300,
    );
  });
});

describe("formFields", () => {
  it("reads anything that is not a FormData as an empty form", () => {
    const lookalikes = fc.oneof(
      fc.anything({ withMap: true, withSet: true, withNullPrototype: true }),
      fc.dictionary(hostile, hostile).map((entries) => new URLSearchParams(entries)),
      fc.dictionary(hostile, hostile).map((entries) => new Map(Object.entries(entries))),
      fc.dictionary(hostile, hostile).map((entries) => ({ entries: () => Object.entries(entries)[Symbol.iterator](), get: () => "x" })),
    );
    assertProperty(
      fc.property(lookalikes, (value) => {
        expect(formFields(value)).toEqual({});
      }),
      500,
    );
  });

  it("keeps the first string value of each field, ignores files and never touches Object.prototype", () => {
    const entry = fc.tuple(
      fc.oneof(hostile, fc.constantFrom("email", "password", "__proto__", "constructor", "toString", "hasOwnProperty")),
      fc.oneof({ weight: 5, arbitrary: hostile }, { weight: 1, arbitrary: fc.constant(null) }),
    );
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    assertProperty(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const data = new FormData();
        for (const [key, value] of entries) {
          if (value === null) data.append(key, new Blob(["file"]), "file.txt");
          else data.append(key, value);
        }
        const fields = formFields(data);
        expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
        for (const key of new Set(data.keys())) {
          const first = data.getAll(key).find((value): value is string => typeof value === "string");
          // Names Object.prototype already has ("constructor", "__proto__") are skipped; no form uses them.
          if (key in Object.prototype) expect(Object.hasOwn(fields, key)).toBe(false);
          else expect(fields[key]).toBe(first);
        }
        for (const [key, value] of Object.entries(fields)) {
          expect(typeof value).toBe("string");
          expect(data.has(key)).toBe(true);
        }
      }),
      1000,
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });
});
