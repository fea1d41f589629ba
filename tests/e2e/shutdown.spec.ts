import { expect, test } from "./fixtures";
import { portalSettings, startPortal } from "./portal-process";

// A second portal process of its own (same build, own database), stopped the way a deployment stops it.
test("on SIGTERM the portal stops taking requests and exits cleanly @db", async () => {
  test.setTimeout(90_000);
  const settings = await portalSettings();
  const portal = await startPortal(settings);
  portal.process.kill("SIGTERM");
  expect(await portal.exited).toBe(0);
  expect(portal.output()).toContain("SIGTERM: stopping");
  expect(portal.output()).toContain("Stopped.");
  await expect(fetch(`http://127.0.0.1:${settings.PORT}/healthz`)).rejects.toThrow();
});
