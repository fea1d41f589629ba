import "server-only";
import { z } from "zod";
import { databaseKind } from "../db/url"; // relative: next.config.ts loads this file, without the @/ alias

// The one place configuration is read. A bad value stops the process with a message naming the variable.
const smtpUrl = z
  .string()
  .url()
  .refine((value) => /^smtps?:\/\//.test(value), "must start with smtp:// or smtps://");

/** 32 bytes, as base64 (44 characters with padding, or 43 without) or 64 hex digits. */
const dataKey = z
  .string()
  .trim()
  .refine((value) => /^[0-9a-fA-F]{64}$/.test(value) || /^[A-Za-z0-9+/_-]{43}=?$/.test(value), "must be 32 random bytes as base64 or hex, e.g. from `openssl rand -base64 32`");

const schema = z.object({
  DATABASE_URL: z
    .string()
    .refine((value) => databaseKind(value) !== null, "must be a SQLite file URL such as file:./data/mi.db or a PostgreSQL URL such as postgresql://user:password@host:5432/mi")
    .default("file:./data/mi.db"),
  /** PostgreSQL connections each app instance may open (SQLite has one). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  APP_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), "must be an http:// or https:// URL")
    .transform((value) => value.replace(/\/+$/, ""))
    .default("http://localhost:3000"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SMTP_URL: smtpUrl.optional(),
  // The SMSC text messages go to, over SMPP 3.4 (smpp://system_id:password@host:port); without it they land on the
  // dev phone page (/dev/sms). The operator's SMS guards (lib/server/security/sms-guard.ts): the countries/regions
  // (ISO codes, comma-separated) whose numbers may get texts, default all of the portal's list, and the most texts
  // the portal sends in an hour, all numbers together.
  SMS_URL: z
    .string()
    .url()
    .refine((value) => /^smpp:\/\/[^@/]+@[^/]+:\d+\/?$/.test(value), "must be smpp://system_id:password@host:port")
    .optional(),
  // Who texts appear to come from: a name of up to 11 letters and digits (what phones show for an alphanumeric
  // sender, SMPP type of number 5), or a number in international form that the SMS provider has assigned.
  SMS_FROM: z
    .string()
    .regex(/^(?:[A-Za-z0-9][A-Za-z0-9 ]{0,10}|\+?\d{3,15})$/, "must be a sender name of 1 to 11 letters, digits or spaces, or a number such as +447700900123")
    .default("MiAccount"),
  SMS_COUNTRIES: z
    .string()
    .regex(/^[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*$/, "must be ISO 3166-1 alpha-2 codes separated by commas, e.g. CN,IN,ES")
    .transform((value) => value.split(",").map((code) => code.trim().toUpperCase()))
    .optional(),
  SMS_HOURLY_MAX: z.coerce.number().int().min(0).max(10_000_000).default(1_000),
  MAIL_FROM: z.string().min(3).default("Mi Account <no-reply@mi-account.localhost>"),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  // How many proxies of ours stand in front of the app; their X-Forwarded-For entries are believed, no more.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(["info", "warn", "error", "silent"]).default("info"),
  // For automated tests only: every captcha's answer becomes this code.
  CAPTCHA_TEST_CODE: z.string().regex(/^[A-Za-z0-9]{5}$/, "must be 5 letters or digits").optional(),
  // Operators' token for the detailed /healthz (outbox figures); the public one says only up or down.
  HEALTH_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  // The courier's clock (lib/server/courier/): how often the worker looks for due messages, the wait before a
  // failed message's first retry (doubling after), and how long a sender holds a message before another may
  // take it over. Settings so tests wait for a state, not for the production clock. A second between looks: the
  // worker writes and sends every "forgot password" and "resend" mail (courier/outbox.ts), so that is their delay;
  // a look is one indexed query.
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60 * 60 * 1000).default(1_000),
  OUTBOX_RETRY_FIRST_MS: z.coerce.number().int().min(50).max(60 * 60 * 1000).default(30_000),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(100).max(60 * 60 * 1000).default(60_000),
  // The Pwned Passwords range API new passwords are checked against (lib/server/methods/password/breached.ts), or
  // "off". Off is a word rather than an empty value, since an empty variable means "unset" and takes the default.
  PWNED_PASSWORDS_URL: z
    .string()
    .refine((value) => value === "off" || (URL.canParse(value) && /^https?:\/\//.test(value)), 'must be an http:// or https:// URL, or "off"')
    .transform((value) => (value === "off" ? null : value.replace(/\/+$/, "")))
    .default("https://api.pwnedpasswords.com"),
  // The key secrets kept for later use are encrypted with (security/data-key.ts): authenticator apps' TOTP secrets
  // and the recovery codes' HMAC. 32 random bytes, base64 or hex (`openssl rand -base64 32`). Unset, the portal
  // makes one in DATA_KEY_FILE on first use and keeps it there (the embedded default; `npm start` warns): set
  // DATA_KEY in production, the same on every instance, and keep it out of the database's backups.
  DATA_KEY: dataKey.optional(),
  // Keys retired by a rotation, comma-separated: still read, never written (docs/OPERATIONS.md, "The data key").
  DATA_KEY_PREVIOUS: z
    .string()
    .transform((value) => value.split(",").map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(dataKey))
    .optional(),
  DATA_KEY_FILE: z.string().min(1).default("./data/data-key"),
  // A sign-in with the password from a browser that has never signed in to the account, for an account without
  // two-step, waits for a 6-digit code sent to the account's email (or phone) first (flows/login/new-device.ts), as
  // the real portal does. "off" lets the password alone in, from anywhere.
  NEW_DEVICE_CHECK: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", so it takes the default like a missing one.
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);

if (env.CAPTCHA_TEST_CODE && !(globalThis as { __captchaWarned?: boolean }).__captchaWarned) {
  (globalThis as { __captchaWarned?: boolean }).__captchaWarned = true;
  console.warn("WARNING: CAPTCHA_TEST_CODE is set: every captcha accepts one fixed code. Never use it in production.");
}

export const isHttps = env.APP_URL.startsWith("https://");
// The dev mailbox shows every email, activation links included, to whoever can reach the server: `npm start`
// warns so once, with its address (scripts/start.ts). Not here: `next build` loads this module in several
// processes, where a mail warning means nothing.
export const devMailboxEnabled = !env.SMTP_URL;
// The dev phone (/dev/sms) likewise shows every text, codes included, and exists only without SMS_URL.
export const devPhoneEnabled = !env.SMS_URL;
