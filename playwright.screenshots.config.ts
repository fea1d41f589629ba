import { defineConfig, devices } from "@playwright/test";
// The e2e config chooses the ports and the scratch directory and describes the production server with its SMTP
// test inbox and fixed captcha code; the pictures are taken of that same set-up.
import e2e from "./playwright.config";

// `npm run screenshots`: pictures of every step of the sign-up journey for the README, written to
// docs/screenshots/. Its own test folder and file suffix, so a plain `playwright test` never runs it.
export default defineConfig({
  ...e2e,
  testDir: "tests/screenshots",
  testMatch: "**/*.shots.ts",
  outputDir: "test-results/screenshots",
  forbidOnly: true,
  retries: 0,
  workers: 1,
  fullyParallel: false,
  reporter: [["list"]],
  use: {
    ...e2e.use,
    timezoneId: "Europe/London",
    colorScheme: "light",
    trace: "off",
    screenshot: "off",
  },
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], channel: undefined, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
    },
    {
      // An everyday phone's viewport (390×844 CSS pixels) at twice the density, so the PNGs stay small.
      name: "phone",
      use: {
        ...devices["Pixel 7"],
        channel: undefined,
        viewport: { width: 390, height: 844 },
        screen: { width: 390, height: 844 },
        deviceScaleFactor: 2,
      },
    },
  ],
});
