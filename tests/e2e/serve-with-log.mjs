// Runs scripts/start.ts as `npm start` does and appends everything it prints, stdout
// and stderr, to `${E2E_DIR}/server.log`, so tests can read the server's own log lines (log-scrub.spec.ts).
// Only stderr (warnings and errors) is passed on to Playwright's output; info lines go to the file alone.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.E2E_DIR;
if (!dir) throw new Error("E2E_DIR is not set: run through `npx playwright test`");
mkdirSync(dir, { recursive: true });
const file = createWriteStream(join(dir, "server.log"), { flags: "a" });

const start = ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/start.ts"];
const child = spawn(process.execPath, start, { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
child.stdout.pipe(file, { end: false });
child.stderr.pipe(file, { end: false });
child.stderr.pipe(process.stderr, { end: false });

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => file.end(() => process.exit(code ?? (signal ? 1 : 0))));
