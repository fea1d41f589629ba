import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { freshDatabaseUrlSync } from "./tests/support/database";

// The config is evaluated in the runner and again in every worker; workers inherit the runner's environment,
// so ports and paths are chosen once here and read back from process.env everywhere else.
function freePort(): string {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ["-e", script]).toString().trim();
}

process.env.E2E_APP_PORT ||= freePort();
process.env.E2E_INBOX_PORT ||= freePort();
process.env.E2E_SMSC_PORT ||= freePort();
process.env.E2E_DIR ||= resolve("tests/.tmp", `e2e-${Date.now()}`);
process.env.E2E_CAPTCHA_CODE ||= "Ab3xY";
process.env.E2E_HEALTH_TOKEN ||= `e2e-health-${Date.now()}-0123456789abcdef`;
const dir = process.env.E2E_DIR;
mkdirSync(dir, { recursive: true });
// The shared server's database: a file in E2E_DIR, or a new PostgreSQL database with TEST_DATABASE=postgres
// (tests/support/database.ts). Tests read it back from E2E_DATABASE_URL.
process.env.E2E_DATABASE_URL ||= freshDatabaseUrlSync(dir);

export const appUrl = `http://localhost:${process.env.E2E_APP_PORT}`;

// Debian's headless shell (apt package chromium-headless-shell; .ci/run installs it) when there is one: the same
// Blink as /usr/bin/chromium, without the full browser around it, a quarter less CPU per test here. It is what
// Playwright itself runs headless with its own downloads. CHROMIUM_PATH chooses another.
const headlessShell = "/usr/lib/chromium/chromium-headless-shell";
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync(headlessShell) ? headlessShell : "/usr/bin/chromium");

const chromiumArgs = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-domain-reliability", "--no-pings",
  "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  forbidOnly: Boolean(process.env.CI),
  // No retries, in CI or not: a test that passes only on a second try is a failing test. A retry once hid sign-ups
  // lost to PostgreSQL's serialization failures behind a "flaky" mark in a green run (issue 21), so should one ever
  // be asked for (`--retries` on the command line), a test that needed it still fails the run.
  retries: 0,
  failOnFlakyTests: true,
  // Two workers on two cores: the browsers are what the run spends its CPU on. Tests, not files, are spread over
  // them, so a long file does not leave the other worker idle at the end of the run.
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: appUrl,
    locale: "en-GB",
    // CI records no trace: recording one costs a quarter of the run's CPU, for every test, and is kept only for a
    // failing one. A failure in CI still leaves its screenshot and error context; `npx playwright test <spec>`
    // locally records the trace.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    // A Pixel 7 (412 px wide, touch, a phone's user agent) drawn at one device pixel per CSS pixel, not its 2.625:
    // layout, media queries on width and every check here are in CSS pixels, and Chromium's software raster of the
    // full-density screen was seven times the pixels of every frame for nothing a test reads.
    { name: "phone", use: { ...devices["Pixel 7"], deviceScaleFactor: 1, channel: undefined }, grep: /@phone/ },
  ],
  webServer: {
    // The production build, as people get it: `npm start` migrates a fresh database file, then serves. The
    // wrapper appends all the server prints to `${E2E_DIR}/server.log` (read by log-scrub.spec.ts) and passes
    // only its stderr (warnings, errors) on to this output.
    command: "node tests/e2e/serve-with-log.mjs",
    url: `${appUrl}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: process.env.E2E_APP_PORT,
      APP_URL: appUrl,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_INBOX_PORT}`,
      // The test SMSC of tests/e2e/global-setup.ts (tests/support/smsc.ts's default credentials): texts go over SMPP.
      SMS_URL: `smpp://mi-portal:s3cret@127.0.0.1:${process.env.E2E_SMSC_PORT}`,
      MAIL_FROM: "Mi Account <no-reply@mi-account.test>",
      BCRYPT_COST: "4",
      // Every test signs in from a new browser context: the new-device check (a mailed code, lib/server/flows/login/
      // new-device.ts) would stand before each. It is tested on dev-mailbox.spec.ts's portal, where it is on.
      NEW_DEVICE_CHECK: "off",
      // Two-step secrets' key (lib/server/security/data-key.ts): fixed, so the portal writes no key file.
      DATA_KEY: "ZTJlLWRhdGEta2V5LTAxMjM0NTY3ODlhYmNkZWYwMTI=",
      CAPTCHA_TEST_CODE: process.env.E2E_CAPTCHA_CODE,
      HEALTH_TOKEN: process.env.E2E_HEALTH_TOKEN,
      // Info lines too: the log-scrub test reads the real log of a journey. They go to server.log only.
      LOG_LEVEL: "info",
      TRUST_PROXY: "1",
      // The breached-password check asks nothing here (the machines reach no internet); breached-passwords.spec.ts
      // starts a portal of its own against a local range server.
      PWNED_PASSWORDS_URL: "off",
    },
  },
});
