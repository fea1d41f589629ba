// The measurements of scripts/bench-load.ts: sign-ins and /register pages over HTTP (autocannon), and bcrypt alone.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
// How the e2e suite replays a form without JavaScript: the same parsing and the same headers.
import { sameOriginHeaders } from "../../tests/e2e/action-post";
import { PASSWORD, emailOf, miIdOf } from "./bench-load-seed";
import { percentile } from "./bench-load-stats";

export type Load = {
  /** Wanted answers per second: 303 to /account for sign-ins, 200 for pages. */
  rate: number;
  ok: number;
  /** Every other answer, by status ("303→/login" for a redirect elsewhere). */
  other: Record<string, number>;
  /** Connection errors and timeouts (autocannon's count). */
  errors: number;
  p50: number;
  p95: number;
  seconds: number;
};

/** Either `seconds` of load or exactly `amount` requests (a warm-up). */
export type Span = { seconds: number } | { amount: number };

/** Runs autocannon; `timed` gets each answer's latency in ms, right after the request's onResponse saw it. */
function cannon(options: autocannon.Options, span: Span, timed: (ms: number) => void): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const limit = "seconds" in span ? { duration: span.seconds } : { amount: span.amount };
    const instance = autocannon({ timeout: 30, ...options, ...limit }, (error: unknown, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, time) => timed(time));
  });
}

/** A distinct client address per request (10.0.0.0/8), so the per-address sign-in limit never counts two. */
let addresses = 0;
const nextAddress = () => {
  const i = ++addresses;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
};

/** Hands out seeded accounts in turn, wrapping round, so no two requests in flight ever name the same one. */
export class AccountCursor {
  private next = 0;
  wrapped = false;
  constructor(readonly seeded: number) {}
  take(): number {
    if (this.next >= this.seeded) this.wrapped = true;
    return this.next++ % this.seeded;
  }
}

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]?.toString();

/**
 * Tallies answers: `isWanted` ones (and their latencies: fast failures would flatter them), and the rest by status
 * (a redirect with its target, HAProxy's own apart). autocannon calls onResponse, then the latency callback.
 */
function tally(isWanted: (status: number, headers: Headers | undefined) => boolean) {
  const counts = { ok: 0, other: {} as Record<string, number> };
  const latencies: number[] = [];
  let lastWanted = false;
  const timed = (ms: number) => void (lastWanted && latencies.push(ms));
  const load = (result: autocannon.Result): Load => ({
    rate: counts.ok / result.duration,
    ok: counts.ok,
    other: counts.other,
    errors: result.errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    seconds: result.duration,
  });
  const onResponse = (status: number, _body: string, _context: object, headers: Headers | undefined) => {
    lastWanted = isWanted(status, headers);
    if (lastWanted) return void counts.ok++;
    // The portal puts its security headers on every answer, its 503s included: one without them is HAProxy's own.
    const from = header(headers, "x-content-type-options") === undefined ? " not from a portal" : "";
    const key = status >= 300 && status < 400 ? `${status}→${header(headers, "location")}` : `${status}${from}`;
    counts.other[key] = (counts.other[key] ?? 0) + 1;
  };
  return { onResponse, timed, load };
}

/**
 * Posts the sign-in form at `connections` at once, as a browser does with or without JavaScript (form-encoded, to
 * /login: app/login/sign-in-post.ts), each request for the next seeded account (by email or, every other one, by Mi
 * ID) from an address of its own. Only a 303 to /account counts as a sign-in.
 */
export async function signInLoad(url: string, accounts: AccountCursor, connections: number, span: Span): Promise<Load> {
  const { onResponse, timed, load } = tally((status, headers) => status === 303 && /\/account$/.test(header(headers, "location") ?? ""));
  const headers = { ...sameOriginHeaders(url), "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "mi-bench-load" };
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    const n = accounts.take();
    const identifier = encodeURIComponent(n % 2 ? miIdOf(n) : emailOf(n));
    return { ...request, headers: { ...headers, "X-Forwarded-For": nextAddress() }, body: `identifier=${identifier}&password=${encodeURIComponent(PASSWORD)}` };
  };
  return load(await cannon({ url, connections, requests: [{ method: "POST", path: "/login", setupRequest, onResponse }] }, span, timed));
}

/** GETs `path` at `connections` at once, as a browser asks for a page. */
/** GETs of one page; `extraHeaders` are sent too (Accept-Encoding, Accept-Language, a cookie). */
export async function pageLoad(url: string, path: string, connections: number, span: Span, extraHeaders: Record<string, string> = {}): Promise<Load> {
  const { onResponse, timed, load } = tally((status) => status === 200);
  const headers = { Accept: "text/html", "User-Agent": "mi-bench-load", ...extraHeaders };
  return load(await cannon({ url, connections, requests: [{ method: "GET", path, headers, onResponse }] }, span, timed));
}

export const BCRYPT_IN_FLIGHT = 2 * availableParallelism();

// Sync compares, each in a worker thread of its own: the async ones would queue on libuv's pool (4 threads by
// default, and already made by the time this script runs), which would hide what a bigger machine can do.
const COMPARE_LOOP = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcrypt);
const deadline = Date.now() + workerData.ms;
let done = 0;
while (Date.now() < deadline) {
  if (!bcrypt.compareSync(workerData.password, workerData.hash)) throw new Error("bcrypt.compare failed on the bench's own hash");
  done++;
}
parentPort.postMessage(done);`;

/** bcrypt.compare of a right password against `hash`, BCRYPT_IN_FLIGHT at once for `seconds`: compares per second, and how many. */
export async function bcryptRate(hash: string, seconds: number): Promise<{ rate: number; compares: number }> {
  const workerData = { bcrypt: require.resolve("bcrypt"), ms: seconds * 1000, password: PASSWORD, hash };
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: BCRYPT_IN_FLIGHT }, () => {
      const worker = new Worker(COMPARE_LOOP, { eval: true, workerData });
      return new Promise<number>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    }),
  );
  const compares = counts.reduce((sum, n) => sum + n, 0);
  return { rate: compares / ((performance.now() - started) / 1000), compares };
}
