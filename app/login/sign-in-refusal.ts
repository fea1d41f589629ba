import { z } from "zod";

// A refused sign-in, as the form's POST (sign-in-post.ts) hands it to the page that shows it (page.tsx): codes
// and numbers only, put into words by the page in the person's language.

const values = z.object({ identifier: z.string().max(320), country: z.string().max(2) });

const refusal = z.discriminatedUnion("reason", [
  /** The form did not validate: message keys per field. */
  z.object({ reason: z.literal("fields"), values, errors: z.record(z.string(), z.array(z.string().max(80)).max(5).optional()) }),
  /** The captcha was asked for and missing or wrong: the key of what to say beside it. */
  z.object({ reason: z.literal("captcha"), values, identifier: z.string().max(320), code: z.enum(["fields.captcha.alternativeFailed", "errors.captcha.wrong", "errors.captcha.required"]) }),
  /** Paused: the identifier, the browser or the address (lib/server/flows/login/throttle.ts). */
  z.object({ reason: z.literal("wait"), values, identifier: z.string().max(320), retryAfterMs: z.number().int().min(0), captchaRequired: z.boolean() }),
  /** Wrong identifier or password, or an account not activated: all alike. */
  z.object({ reason: z.literal("invalid"), values, identifier: z.string().max(320), captchaRequired: z.boolean() }),
]);

export type SignInRefusal = z.infer<typeof refusal>;

/** The request header that carries a refusal to the page; the form's POST handler drops any a client sends. */
export const SIGN_IN_REFUSAL_HEADER = "x-mi-sign-in-refusal";

/** As a header value: ASCII whatever the identifier holds. */
export const encodeRefusal = (value: SignInRefusal): string => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

/** The refusal in a header value, or undefined for none or anything else. */
export function decodeRefusal(header: string | null): SignInRefusal | undefined {
  if (!header) return undefined;
  try {
    const parsed = refusal.safeParse(JSON.parse(Buffer.from(header, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
