import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// A test that passes only on a second try is a failing test: a Playwright retry once hid sign-ups lost to
// PostgreSQL's serialization failures (issue 21), reported as "flaky" in a green run. Neither runner may retry,
// and Playwright fails the run on a flaky test should a retry ever be asked for (`--retries` on the command line).

describe("the test runners retry nothing", () => {
  it("Playwright: no retries, and a flaky test fails the run (the e2e and the screenshot configs)", async () => {
    // The config picks ports, a scratch folder and a database when these are unset; here they are given.
    const dir = mkdtempSync(join(tmpdir(), "mi-config-"));
    Object.assign(process.env, { E2E_APP_PORT: "1", E2E_INBOX_PORT: "2", E2E_DIR: dir, E2E_DATABASE_URL: `file:${join(dir, "unused.db")}` });
    for (const file of ["../../playwright.config", "../../playwright.screenshots.config"]) {
      const config = ((await import(file)) as { default: { retries?: number; failOnFlakyTests?: boolean } }).default;
      expect(config.retries, file).toBe(0);
      expect(config.failOnFlakyTests, file).toBe(true);
    }
  });

  it("vitest: no retry in any project", async () => {
    const config = ((await import("../../vitest.config.mjs")) as { default: { test?: { retry?: number; projects?: { test?: { retry?: number } }[] } } }).default;
    expect(config.test?.retry ?? 0).toBe(0);
    for (const project of config.test?.projects ?? []) expect(project.test?.retry ?? 0).toBe(0);
  });
});
