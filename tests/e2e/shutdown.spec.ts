import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./fixtures";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// A second portal process of its own (same build, own database), stopped the way a deployment stops it.
test("on SIGTERM the portal stops taking requests and exits cleanly", async () => {
  test.setTimeout(90_000);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "mi-shutdown-"));
  const portal = spawn("node", ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), APP_URL: `http://localhost:${port}`, DATABASE_URL: `file:${join(dir, "p.db")}`, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  portal.stdout.on("data", (chunk) => (output += chunk));
  portal.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => portal.on("exit", (code) => resolve(code)));

  await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
  portal.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain("SIGTERM: stopping");
  expect(output).toContain("Stopped.");
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
});
