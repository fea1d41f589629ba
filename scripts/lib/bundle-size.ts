// What the browser gets, page by page: the <script src> chunks of each page's HTML, their gzip sizes, and any
// text in them that belongs on the server only. Shared by `npm run bench:web` (prints) and
// tests/e2e/browser-bundle.spec.ts (asserts), so both measure the same thing the same way.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { BrowserContext, Page } from "@playwright/test";
import en from "../../lib/shared/i18n/messages/en.json";

const messages = en;

export const PAGES = ["/", "/register", "/register/password", "/register/check-email", "/login", "/resend", "/privacy", "/activate/confirm", "/account"];
/** It has no client component of its own, so what it loads is the framework share every page pays. */
export const FRAMEWORK_PAGE = "/privacy";
export const BUDGET_PAGES = ["/register", "/register/password", "/login"];
export const OWN_BUDGET_KB = 15;

export type Marker = { name: string; needle: string };
export type Row = {
  path: string;
  landed: string;
  scripts: string[];
  totalKb: number;
  frameworkKb: number;
  ownKb: number;
  /**
   * Every script as a browser gets it, issue 25's measure: each script file the page fetched (its own chunks loaded
   * after hydration too, not the polyfills a current browser skips), gzip -9 each, plus the HTML's inline scripts
   * (the page's React Server Components data) gzip -9 together.
   */
  browserKb: number;
  /** The inline scripts' share of browserKb. */
  inlineKb: number;
};
export type Finding = { marker: Marker; chunks: string[]; pages: string[] };
type Chunks = Map<string, { gzip: number; text: string }>;
export type Measurement = { rows: Row[]; findings: Finding[]; overBudget: Row[]; chunks: Chunks };

const kb = (bytes: number) => bytes / 1000;

/** Text that must never reach the browser, taken from the sources at run time so it follows their edits. */
export function serverOnlyMarkers(root = process.cwd()): Marker[] {
  const list = readFileSync(join(root, "lib/server/validation/common-passwords.ts"), "utf8").match(/`([^`]*)`/)?.[1] ?? "";
  // The longest entries are the most distinctive: no framework code spells them by chance.
  const passwords = [...new Set(list.split(/\s+/).filter(Boolean))].sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 3);
  if (passwords.length === 0) throw new Error("No entries found in lib/server/validation/common-passwords.ts");
  const strings = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];
  const policy = strings(messages.privacy).sort((a, b) => b.length - a.length)[0];
  if (!policy) throw new Error("messages.privacy has no text");
  return [
    { name: "zod", needle: "ZodError" },
    { name: "zod", needle: "$ZodType" },
    ...passwords.map((needle) => ({ name: "common-password list", needle })),
    { name: "privacy policy text", needle: policy },
    { name: "email copy", needle: messages.emails.activation.body },
  ];
}

/** The spellings a minifier may give a string literal: as is, JSON-escaped, non-ASCII as \uXXXX, ' escaped. */
function spellings(needle: string): string[] {
  const json = JSON.stringify(needle).slice(1, -1);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [...new Set([needle, json, ascii, needle.replace(/'/g, "\\'")])];
}

/** The <script src> URLs of the HTML as served (not noModule, not polyfills), absolute. */
export function scriptUrls(html: string, base: string): string[] {
  const urls = [...html.matchAll(/<script\b([^>]*)>/gi)]
    .map((m) => m[1]!)
    .filter((attrs) => !/\bnomodule\b/i.test(attrs))
    .map((attrs) => attrs.match(/\bsrc=["']([^"']+)["']/i)?.[1])
    .filter((src): src is string => Boolean(src) && !/polyfill/i.test(src!))
    .map((src) => new URL(src.replace(/&amp;/g, "&"), base).href);
  return [...new Set(urls)].sort();
}

/** The text of the HTML's inline scripts (no src), as one string. */
export function inlineScripts(html: string): string {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc=/i.test(m[1]!))
    .map((m) => m[2]!)
    .join("");
}

type Load = { landed: string; scripts: string[]; fetched: string[]; inlineGzip: number };

/**
 * Loads `path` in a fresh tab of `context` (after `prepare`, if given) and returns where it landed, the scripts its
 * HTML names, and every script the browser fetched for it until the network went quiet (chunks a component imports
 * after hydration included).
 */
async function loadPage(context: BrowserContext, path: string, prepare?: (page: Page) => Promise<void>): Promise<Load> {
  const page = await context.newPage();
  try {
    if (prepare) await prepare(page);
    const fetched = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "script" && response.ok()) fetched.add(response.url());
    });
    const response = await page.goto(path, { waitUntil: "load" });
    if (!response || !response.ok()) throw new Error(`GET ${path}: ${response?.status() ?? "no response"}`);
    await page.waitForLoadState("networkidle");
    const html = await response.text();
    return {
      landed: new URL(page.url()).pathname,
      scripts: scriptUrls(html, page.url()),
      fetched: [...fetched].filter((url) => !/polyfill/i.test(url)).sort(),
      inlineGzip: gzipSync(inlineScripts(html), { level: 9 }).length,
    };
  } finally {
    await page.close();
  }
}

/** Steps that give the browser the state a page needs (e.g. the step-1 cookie for /register/password). */
export type Prepare = Partial<Record<string, (page: Page) => Promise<void>>>;

/**
 * Measures every page in PAGES. A page with a `prepare` step is loaded afresh after it, like every other page,
 * so each figure is a first load, and must then stay where it is (not be redirected away).
 */
export async function measure(context: BrowserContext, prepare: Prepare, markers = serverOnlyMarkers()): Promise<Measurement> {
  const loads = new Map<string, Load>();
  for (const path of PAGES) {
    const load = await loadPage(context, path, prepare[path]);
    if (prepare[path] && load.landed !== path) throw new Error(`${path} redirected to ${load.landed} although prepared`);
    loads.set(path, load);
  }

  const chunks: Chunks = new Map();
  for (const url of new Set([...loads.values()].flatMap((l) => [...l.scripts, ...l.fetched]))) {
    const response = await context.request.get(url);
    if (!response.ok()) throw new Error(`GET ${url}: ${response.status()}`);
    const body = await response.body();
    chunks.set(url, { gzip: gzipSync(body, { level: 9 }).length, text: body.toString("utf8") });
  }

  const framework = new Set(loads.get(FRAMEWORK_PAGE)!.scripts);
  const sum = (urls: string[]) => kb(urls.reduce((total, url) => total + chunks.get(url)!.gzip, 0));
  const rows = PAGES.map((path): Row => {
    const { landed, scripts, fetched, inlineGzip } = loads.get(path)!;
    const frameworkKb = sum(scripts.filter((u) => framework.has(u)));
    const ownKb = sum(scripts.filter((u) => !framework.has(u)));
    const inlineKb = kb(inlineGzip);
    return { path, landed, scripts, totalKb: frameworkKb + ownKb, frameworkKb, ownKb, browserKb: sum(fetched) + inlineKb, inlineKb };
  });

  const findings = findMarkers(chunks, rows, markers);
  const overBudget = rows.filter((r) => BUDGET_PAGES.includes(r.path) && r.ownKb > OWN_BUDGET_KB);
  return { rows, findings, overBudget, chunks };
}

/** Which chunks (and so which pages) contain each marker, in any of its spellings; markers not found are left out. */
export function findMarkers(chunks: Chunks, rows: Row[], markers: Marker[]): Finding[] {
  return markers.flatMap((marker): Finding[] => {
    const needles = spellings(marker.needle);
    const hit = [...chunks].filter(([, c]) => needles.some((n) => c.text.includes(n))).map(([url]) => url);
    if (hit.length === 0) return [];
    const pages = rows.filter((r) => r.scripts.some((u) => hit.includes(u))).map((r) => r.path);
    return [{ marker, chunks: hit.map((u) => new URL(u).pathname), pages }];
  });
}

/** The figures as text: the table, the budget check, the markers and a one-line verdict. */
export function formatReport({ rows, findings, overBudget, chunks }: Measurement): string {
  const num = (n: number) => n.toFixed(1).padStart(9);
  const lines = [
    `Scripts per page, gzip -9, kB = 1000 bytes; framework = the scripts ${FRAMEWORK_PAGE} also loads (${chunks.size} chunks in all)`,
    `browser = every script as a browser gets it: each file it fetched (after hydration too), plus the inline ones`,
    `${"page".padEnd(34)}${"scripts".padStart(8)}${"total".padStart(9)}${"framework".padStart(10)}${"own".padStart(9)}${"browser".padStart(9)}${"inline".padStart(8)}`,
    ...rows.map((r) => {
      const page = r.landed === r.path ? r.path : `${r.path} → ${r.landed}`;
      return `${page.padEnd(34)}${String(r.scripts.length).padStart(8)}${num(r.totalKb)} ${num(r.frameworkKb)}${num(r.ownKb)}${num(r.browserKb)}${r.inlineKb.toFixed(1).padStart(8)}`;
    }),
    "",
    `Budget: own share ≤ ${OWN_BUDGET_KB} kB on ${BUDGET_PAGES.join(", ")}`,
    ...rows
      .filter((r) => BUDGET_PAGES.includes(r.path))
      .map((r) => `  ${r.path.padEnd(20)} ${r.ownKb.toFixed(1).padStart(6)} kB  ${r.ownKb <= OWN_BUDGET_KB ? "ok" : "OVER"}`),
    "",
    "Server-only markers in browser chunks:",
    ...(findings.length === 0
      ? ["  none"]
      : findings.map((f) => `  FOUND ${f.marker.name} ("${f.marker.needle.slice(0, 48)}${f.marker.needle.length > 48 ? "…" : ""}") in ${f.chunks.join(", ")} (pages ${f.pages.join(", ")})`)),
    "",
    `Verdict: ${findings.length === 0 && overBudget.length === 0 ? "OK" : "NOT OK"} (${findings.length} marker(s) found, ${overBudget.length} page(s) over budget)`,
  ];
  return lines.join("\n");
}
