// `npm run bench:pages`: page views per second of the portal's prerendered pages (lib/server/ops/prerendered-pages.ts)
// against a bare Next.js app on the same machine in the same run: one form page of /register's weight, behind a
// proxy that gives every response a CSP nonce, rendered per request and prerendered (scripts/bare-page/). Issue 25
// asks /register and /login to serve at least 3× the bare page rendered per request. Every client sends what
// Chromium sends (Accept-Encoding gzip, an Accept-Language of en-GB). It prints figures and a verdict for people to
// read and never fails on speed. BENCH_SECONDS (default 10) per window, BENCH_ROUNDS (default 3) rounds, each
// measuring every page once in turn, since a shared machine's speed drifts from one minute to the next.
// Needs `npm run build` first (the bare page is built here, in .bench/).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pageLoad, type Load } from "./lib/bench-load-http";
import { freePort, onCleanup, runBench, startPortal, tempDir, type Instance } from "./lib/bench-load-procs";
import { perSecond, percentile, table } from "./lib/bench-load-stats";

const CONNECTIONS = 50;
const TARGET = 3;
const HEADERS = { "Accept-Encoding": "gzip, deflate, br, zstd", "Accept-Language": "en-GB,en;q=0.9" };

type Page = { name: string; url: () => string; path: string; headers?: Record<string, string> };

/** Builds the bare app in .bench/bare (a copy of scripts/bare-page/) and starts it with `next start`. */
async function startBare(): Promise<Instance> {
  const dir = join(process.cwd(), ".bench", "bare");
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(process.cwd(), "scripts", "bare-page"), dir, { recursive: true });
  const next = join(process.cwd(), "node_modules", ".bin", "next");
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
  const built = spawnSync(next, ["build", dir], { env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`The bare page did not build:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  const child = spawn(next, ["start", dir, "-p", String(port)], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = onCleanup(async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(url).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The bare page did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => output, stop, pid: child.pid!, exited };
}

/** The page's HTML as a browser gets it, gzip -9, in kB, and whether it came prerendered (a CSP of hashes). */
async function described(page: Page): Promise<string> {
  const response = await fetch(new URL(page.path, page.url()), { headers: { ...HEADERS, ...page.headers } });
  const html = await response.text();
  const csp = response.headers.get("content-security-policy") ?? "";
  const kind = csp.includes("'sha256-") ? "hashes" : csp.includes("'nonce-") ? "nonce" : "none";
  return `${(gzipSync(html, { level: 9 }).length / 1000).toFixed(1)} kB, CSP ${kind}`;
}

async function main(): Promise<number> {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build (.next/BUILD_ID is missing). Build first: npm run build");
    return 2;
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  console.log(`bench:pages — Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model ?? "?"}, ${new Date().toISOString()}`);
  console.log(`${CONNECTIONS} connections, ${rounds} rounds of ${seconds} s per page, each round every page in turn\n`);

  const bare = await startBare();
  const dir = tempDir("mi-bench-pages-");
  const port = await freePort();
  const portal = await startPortal({ PORT: String(port), APP_URL: `http://localhost:${port}`, DATABASE_URL: `file:${join(dir, "portal.db")}`, LOG_LEVEL: "warn" });
  const pages: Page[] = [
    { name: "bare page, rendered per request", url: () => bare.url, path: "/" },
    { name: "bare page, prerendered", url: () => bare.url, path: "/prerendered" },
    { name: "portal /register", url: () => portal.url, path: "/register" },
    { name: "portal /login", url: () => portal.url, path: "/login" },
    // A visitor with a cookie (here one the portal does not know) is rendered for per request, as every page was.
    { name: "portal /register, rendered per request", url: () => portal.url, path: "/register", headers: { Cookie: "someone=1" } },
  ];
  for (const page of pages) {
    await pageLoad(page.url(), page.path, 8, { amount: 200 }, { ...HEADERS, ...page.headers });
    console.log(`  ${page.name}: ${await described(page)}`);
  }
  console.log("");

  const loads = new Map<string, Load[]>(pages.map((page) => [page.name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const page of pages) {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  … round ${round}: ${page.name}`);
      loads.get(page.name)!.push(await pageLoad(page.url(), page.path, CONNECTIONS, { seconds }, { ...HEADERS, ...page.headers }));
    }
  }
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");

  const median = (name: string) => percentile(loads.get(name)!.map((load) => load.rate), 50);
  const reference = median(pages[0]!.name);
  const rows = pages.map((page) => {
    const all = loads.get(page.name)!;
    const failed = all.reduce((n, load) => n + load.errors + Object.values(load.other).reduce((a, b) => a + b, 0), 0);
    return [
      page.name,
      all.map((load) => perSecond(load.rate)).join(" / "),
      perSecond(median(page.name)),
      `${(median(page.name) / reference).toFixed(2)}×`,
      `${percentile(all.map((load) => load.p50), 50).toFixed(0)} / ${percentile(all.map((load) => load.p95), 50).toFixed(0)} ms`,
      String(failed),
    ];
  });
  console.log(table([["page", "pages/s, each round", "median", "÷ bare per request", "p50 / p95", "not 200"], ...rows]).join("\n"));
  const verdicts = ["portal /register", "portal /login"].map((name) => {
    const ratio = median(name) / reference;
    return `${name}: ${ratio.toFixed(2)}× the bare page rendered per request (target ≥ ${TARGET}×): ${ratio >= TARGET ? "met" : "NOT met"}`;
  });
  console.log(`\n${verdicts.join("\n")}`);
  return 0;
}

runBench(main);
