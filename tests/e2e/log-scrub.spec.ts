import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "./fixtures";
import { ACTIVATION_SUBJECT, button, CAPTCHA, captchaShown, expireResendCooldown, fieldError, submitSignIn, submitStep1, submitStep2, uniqueEmail } from "./helpers";
import { activationLinkFrom, waitForMail } from "./mail";
import { queryPortalDb } from "./portal-db";

// Secrets never logged. The e2e server runs with LOG_LEVEL=info and everything it prints, both
// streams, is appended to `${E2E_DIR}/server.log` (tests/e2e/serve-with-log.mjs). This test walks a whole journey
// in the browser, keeping every secret it meets on the way, then reads the server's log and looks for each.
// The log is shared by every test of the run, so the scan covers their journeys too.

const LOG_FILE = () => join(process.env.E2E_DIR as string, "server.log");
const PORTAL_COOKIES = ["mi_registration", "mi_captcha", "mi_activation", "mi_session"];

/** A password no log line could hold by chance: the distinctive `Zq!9` and 8 random letters and digits. */
function distinctivePassword(): string {
  return `Zq!9${randomBytes(6).toString("base64url").replace(/[^A-Za-z0-9]/g, "x").slice(0, 8)}`;
}

function readLog(): string[] {
  return readFileSync(LOG_FILE(), "utf8").split("\n").filter((line) => line.trim() !== "");
}

/** The portal's JSON log lines (one object per event, lib/server/ops/log.ts); other lines are Next.js's or Prisma's. */
function jsonLines(lines: string[]): Record<string, unknown>[] {
  const parsed: Record<string, unknown>[] = [];
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    try {
      parsed.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line that merely starts with "{": scanned as text below
    }
  }
  return parsed;
}

async function accountIdOf(email: string): Promise<string> {
  const [row] = await queryPortalDb<{ id: string }>('SELECT "id" FROM "Account" WHERE "email" = ?', email);
  if (!row) throw new Error(`No account for ${email}`);
  return row.id;
}

test("no password, token, cookie value or captcha answer of a full journey reaches the server's log", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const password = distinctivePassword();
  const wrongPassword = distinctivePassword();
  const secrets = new Map<string, string>([
    ["password", password],
    ["mistyped password", wrongPassword],
  ]);
  // Every value any portal cookie takes during the journey.
  const keepCookies = async (currentPage: Page) => {
    for (const cookie of await currentPage.context().cookies()) {
      if (PORTAL_COOKIES.some((name) => cookie.name.endsWith(name)) && cookie.value) {
        secrets.set(`${cookie.name} cookie (${cookie.value.slice(0, 4)}…)`, cookie.value);
      }
    }
  };

  // Register: step 1, then step 2 with the captcha, a wrong code first.
  await page.goto("/register");
  await submitStep1(page, { email });
  await expect(page).toHaveURL(/\/register\/password$/);
  await captchaShown(page);
  await keepCookies(page);
  await submitStep2(page, { password, captcha: CAPTCHA.split("").reverse().join("") });
  await expect(fieldError(page, "The code doesn't match the image.")).toBeVisible();
  await keepCookies(page);
  await submitStep2(page, { password });
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await keepCookies(page);
  const first = await waitForMail(email, ACTIVATION_SUBJECT);

  // A second link from the resend page.
  await expireResendCooldown(email);
  await page.goto("/resend");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await button(page, "Send activation email").click();
  const second = await waitForMail(email, ACTIVATION_SUBJECT, { after: first });
  for (const [name, mail] of [["first activation token", first], ["second activation token", second]] as const) {
    const token = new URL(activationLinkFrom(mail)).searchParams.get("token");
    expect(token, name).toBeTruthy();
    secrets.set(name, token!);
  }

  // Activate with the second link.
  await page.goto(activationLinkFrom(second));
  await expect(page).toHaveURL(/\/activate\/confirm$/);
  await keepCookies(page);
  await button(page, "Activate account").click();
  await expect(page.getByRole("heading", { name: "Your Mi Account is ready" })).toBeVisible();

  // Sign in: a mistyped password, then the right one; then sign out.
  await submitSignIn(page, email, wrongPassword);
  await expect(page.getByText("Incorrect account or password.")).toBeVisible();
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await keepCookies(page);
  await button(page, "Sign out").click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);

  const found = [...secrets.keys()];
  for (const cookie of PORTAL_COOKIES) {
    expect(found.some((name) => name.startsWith(cookie)), `the journey saw a ${cookie} cookie`).toBe(true);
  }

  // The log is written as the server runs; wait for this journey's last logged event to arrive in the file.
  const accountId = await accountIdOf(email);
  await expect
    .poll(() => jsonLines(readLog()).some((entry) => entry.event === "sign-in.succeeded" && entry.accountId === accountId), {
      message: "this journey's sign-in is in the log",
    })
    .toBe(true);
  const lines = readLog();
  const entries = jsonLines(lines);
  const ours = entries.filter((entry) => entry.accountId === accountId).map((entry) => entry.event);
  console.log(`log-scrub: scanned ${lines.length} log lines (${entries.length} JSON events, ${ours.length} of this journey: ${ours.join(", ")}) for ${secrets.size} secrets and the captcha answer`);
  testInfo.annotations.push({ type: "log lines scanned", description: String(lines.length) });

  // The log is real: the journey's events are there (so a scrubbed-empty log could not pass).
  for (const event of ["registration.created", "activation.resent", "sign-in.failed", "sign-in.succeeded"]) {
    expect(ours, `a "${event}" line for this account`).toContain(event);
  }
  expect(entries.some((entry) => entry.event === "mail.sent"), "mail.sent lines").toBe(true);

  // No secret, in any form it could be printed in: as is, URL-encoded or JSON-escaped.
  const text = lines.join("\n");
  for (const [name, secret] of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      expect(text.includes(form), `${name} in the server log`).toBe(false);
    }
  }
  // The captcha answer is a fixed 5-character code in e2e, short enough to turn up inside some random id, so it
  // is looked for where a leak would put it: as a logged field's value, or written right after "captcha".
  for (const entry of entries) {
    for (const [key, value] of Object.entries(entry)) {
      expect(value === CAPTCHA || (typeof value === "string" && /captcha|answer|code/i.test(key) && value.includes(CAPTCHA)), `the captcha answer in field "${key}" of ${JSON.stringify(entry)}`).toBe(false);
    }
  }
  expect(text, "the captcha answer next to the word captcha").not.toMatch(new RegExp(`captcha\\W{0,40}${CAPTCHA}`, "i"));
});
