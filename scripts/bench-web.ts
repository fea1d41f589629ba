// `npm run bench:web`: what the browser downloads per page of the production build, gzipped, and whether any
// server-only text (zod, the common-password list, policy or email copy) reached a browser chunk. It prints
// figures and a verdict for people to read; tests/e2e/browser-bundle.spec.ts asserts the same checks.
// Needs `npm run build` first. While others may build, run it as `flock /tmp/next-build.lock npm run bench:web`.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
// The e2e suite's own registration steps, so both reach /register/password and check-email the same way.
import { registerToCheckEmail, submitStep1 } from "../tests/e2e/helpers";
import { formatReport, measure } from "./lib/bundle-size";
import { freePort } from "../tests/e2e/portal-process";

/** Resolves once `url` answers; rejects if the server process exits first or 90 s pass. */
async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log()}`);
    const up = await fetch(url, { redirect: "manual" }).then((r) => r.status < 500, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No answer from ${url} within 90 s:\n${log()}`);
}

// Every captcha of this throwaway server accepts this code, so the bench can finish step 2 (as the e2e app does).
const CAPTCHA = "Bw7xK";
const email = (step: string) => `bench-web-${step}-${Date.now()}@example.com`;

async function main(): Promise<number> {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build (.next/BUILD_ID is missing). Build first:\n  npm run build\n" +
      "or, while others may build too:\n  npm run db:generate && flock /tmp/next-build.lock node_modules/.bin/next build");
    return 2;
  }
  const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts?: Record<string, string> }).scripts?.start;
  if (!start) throw new Error('package.json has no "start" script');

  const dir = mkdtempSync(join(tmpdir(), "mi-bench-web-"));
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: appUrl, DATABASE_URL: `file:${join(dir, "portal.db")}`, LOG_LEVEL: "warn", CAPTCHA_TEST_CODE: CAPTCHA };
  delete env.SMTP_URL; // mail goes to the dev mailbox; the bench sends none anyway
  console.log(`Starting the portal as \`npm start\` (${start}) on ${appUrl}, database in ${dir}\n`);
  // Its own process group, so the whole tree (npm, sh, node) can be stopped together.
  const server = spawn("npm", ["start"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));

  // Where the e2e suite launches Chromium from, and with which flags: read from its config, not copied.
  // Its side effects (picking ports, making E2E_DIR) are pointed at this run's port and temp dir.
  Object.assign(process.env, { E2E_APP_PORT: String(port), E2E_INBOX_PORT: String(port), E2E_DIR: dir });
  const { default: config } = await import("../playwright.config");
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    await waitForServer(`${appUrl}/healthz`, server, () => output);
    const context = await browser.newContext({ baseURL: appUrl, locale: "en-GB" });
    const result = await measure(context, {
      "/register/password": (page) => submitStep1(page, { email: email("step1") }),
      "/register/check-email": (page) => registerToCheckEmail(page, { email: email("step2"), captcha: CAPTCHA }),
    });
    console.log(formatReport(result));
    return 0;
  } finally {
    await browser.close();
    if (server.exitCode === null && server.pid) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      process.kill(-server.pid, "SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
