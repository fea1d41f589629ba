import { describe, expect, it } from "vitest";
import { english, keysOf } from "../support/messages";
import { fieldErrors, formFields } from "@/lib/server/validation/form-data";
import { registerStep1Schema, registerStep2Schema } from "@/lib/server/validation/register";
import { resendSchema } from "@/lib/server/validation/resend";
import { signInSchema } from "@/lib/server/validation/sign-in";
import type { z } from "zod";

// Validation answers with message keys; the page turns them into words.
const e = keysOf(english.errors, "errors");

/** The errors per field, as the forms show them; {} when the input is valid. */
function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
}

describe("registerStep1Schema", () => {
  // "offers" is present in these inputs; its absence (an unticked box) is covered separately below.
  const valid = { country: "GB", email: "Jane@Example.com", privacy: "on", offers: "on" };

  it("parses a valid form, normalising the email", () => {
    expect(registerStep1Schema.parse(valid)).toEqual({
      country: "GB",
      email: "Jane@example.com",
      privacy: true,
      offers: true,
    });
  });

  it("reads the offers checkbox", () => {
    expect(registerStep1Schema.parse({ ...valid, offers: "on" }).offers).toBe(true);
    for (const offers of ["", "off", "yes"]) expect(registerStep1Schema.parse({ ...valid, offers }).offers).toBe(false);
  });

  // In zod 4 a bare `z.unknown().transform(checkbox)` makes the key required; an unticked offers box is absent
  // from the form and must still pass step 1.
  it("treats a missing offers field (an unticked box) as false", () => {
    const { offers: _offers, ...withoutOffers } = valid;
    expect(errorsOf(registerStep1Schema, withoutOffers)).toEqual({});
    const form = new FormData();
    for (const [key, value] of Object.entries(withoutOffers)) form.append(key, value);
    expect(registerStep1Schema.parse(formFields(form))).toMatchObject({ country: "GB", privacy: true, offers: false });
  });

  it.each([["gb"], ["ZZ"], ["UK"], ["GBR"], [""], [undefined]])("refuses the country %j", (country) => {
    expect(errorsOf(registerStep1Schema, { ...valid, country })).toEqual({ country: [e.country] });
  });

  it("requires the privacy policy to be accepted", () => {
    for (const privacy of [undefined, "", "off", "yes", false]) {
      expect(errorsOf(registerStep1Schema, { ...valid, privacy }), String(privacy)).toEqual({ privacy: [e.privacy] });
    }
    expect(registerStep1Schema.parse({ ...valid, privacy: "true" }).privacy).toBe(true);
  });

  it("reports the email's own messages", () => {
    expect(errorsOf(registerStep1Schema, { ...valid, email: "nope" })).toEqual({ email: [e.email.invalid] });
    expect(errorsOf(registerStep1Schema, { ...valid, email: " " })).toEqual({ email: [e.email.required] });
  });

  it("reads real FormData", () => {
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...valid, country: "ES", email: "pedro@example.es" })) {
      form.append(key, value);
    }
    expect(registerStep1Schema.parse(formFields(form))).toEqual({
      country: "ES",
      email: "pedro@example.es",
      privacy: true,
      offers: true,
    });
  });
});

describe("registerStep2Schema", () => {
  const schema = registerStep2Schema("walter@example.com");
  const valid = { password: "Sunset#2049", confirmPassword: "Sunset#2049", captcha: " aB3dE " };

  it("accepts a good password and trims the captcha", () => {
    expect(schema.parse(valid)).toEqual({ ...valid, captcha: "aB3dE" });
  });

  it("reports a confirmation that does not match", () => {
    expect(errorsOf(schema, { ...valid, confirmPassword: "Sunset#2048" })).toEqual({
      confirmPassword: [e.password.mismatch],
    });
  });

  it.each([
    ["abc12", [e.password.length]],
    ["abcdefgh", [e.password.kinds]],
    ["abc def12", [e.password.characters]],
    ["walter2049", [e.password.containsEmail]],
    ["Password1", [e.password.common]],
    ["walter", [e.password.length, e.password.kinds, e.password.containsEmail]],
  ])("maps the problems of %j to messages", (password, expected) => {
    expect(errorsOf(schema, { ...valid, password, confirmPassword: password })).toEqual({ password: expected });
  });

  it("checks the password against the wizard's email, not a fixed one", () => {
    const other = registerStep2Schema("sunset@example.com");
    expect(errorsOf(other, valid)).toEqual({ password: [e.password.containsEmail] });
  });

  it("asks for a password rather than listing rule problems when it is empty", () => {
    expect(errorsOf(schema, { ...valid, password: "", confirmPassword: "" })).toEqual({
      password: [e.password.required],
    });
  });

  it("requires the captcha", () => {
    for (const captcha of [undefined, "", "   "]) {
      expect(errorsOf(schema, { ...valid, captcha }), String(captcha)).toEqual({ captcha: [e.captcha.required] });
    }
    expect(errorsOf(schema, { ...valid, captcha: "x".repeat(21) })).toEqual({ captcha: [e.captcha.wrong] });
  });
});

describe("signInSchema and resendSchema", () => {
  it("trims the identifier but not the password", () => {
    expect(signInSchema.parse({ identifier: " 1234567890 ", password: " pw " })).toEqual({
      identifier: "1234567890",
      password: " pw ",
    });
  });

  it("requires both fields", () => {
    expect(errorsOf(signInSchema, { identifier: "  ", password: "" })).toEqual({
      identifier: [e.identifier],
      password: [e.password.required],
    });
    expect(errorsOf(signInSchema, {})).toEqual({ identifier: [e.identifier], password: [e.password.required] });
  });

  it("refuses oversized input with the generic sign-in answer", () => {
    expect(errorsOf(signInSchema, { identifier: "x".repeat(255), password: "p".repeat(257) })).toEqual({
      identifier: ["login.invalid"],
      password: ["login.invalid"],
    });
    expect(signInSchema.safeParse({ identifier: "x".repeat(254), password: "p".repeat(256) }).success).toBe(true);
  });

  it("normalises the resend form's email", () => {
    expect(resendSchema.parse({ email: " Jane@EXAMPLE.com " })).toEqual({ email: "Jane@example.com" });
  });
});
