import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptsGzip,
  inlineScriptHashes,
  PRERENDER_HEADER,
  prerenderSecret,
  PrerenderedPages,
  prerenderedPageServer,
  prerenderedVariant,
  withoutNonce,
  type PageRequest,
  type PrerenderedPage,
} from "@/lib/server/ops/prerendered-pages";
import { prerenderedPagePolicy } from "@/lib/server/security/headers";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

type Overrides = Partial<Omit<PageRequest, "headers">> & { headers?: Record<string, string> };
const request = ({ headers, ...overrides }: Overrides = {}): PageRequest => ({
  method: "GET",
  path: "/register",
  search: "",
  cookieNames: [],
  languageCookie: "mi_lang",
  locale: "en",
  ...overrides,
  headers: new Headers({ "accept-language": "en-GB,en;q=0.8", ...headers }),
});

describe("prerenderedVariant", () => {
  it("names a variant by page, language and, where the page preselects one, country/region", () => {
    expect(prerenderedVariant(request())).toEqual({ key: "/register en GB", path: "/register", locale: "en", country: "GB" });
    expect(prerenderedVariant(request({ path: "/login", locale: "fr", headers: { "accept-language": "fr-CA" } }))?.key).toBe("/login fr CA");
    expect(prerenderedVariant(request({ headers: { "accept-language": "en" } }))?.key).toBe("/register en -");
    // The help page looks the same in every country: one variant per language.
    expect(prerenderedVariant(request({ path: "/help", locale: "ru" }))?.key).toBe("/help ru -");
    expect(prerenderedVariant(request({ cookieNames: ["mi_lang"] }))?.key).toBe("/register en GB");
  });

  it("leaves to a render per request what could differ from the variant's copy", () => {
    const refused: [string, Overrides][] = [
      ["another page", { path: "/register/password" }],
      ["a trailing slash", { path: "/register/" }],
      ["a prototype's key", { path: "constructor" }],
      ["a query", { search: "?next=/account" }],
      ["a form post", { method: "POST" }],
      ["a HEAD", { method: "HEAD" }],
      ["a session or draft cookie", { cookieNames: ["mi_lang", "mi_session"] }],
      ["Next.js's navigation payload", { headers: { rsc: "1" } }],
      ["a prefetch", { headers: { "next-router-prefetch": "1" } }],
      ["the portal's own render", { headers: { [PRERENDER_HEADER]: prerenderSecret } }],
      ["a GET with a body", { headers: { "content-length": "5" } }],
      ["a chunked GET", { headers: { "transfer-encoding": "chunked" } }],
    ];
    for (const [why, overrides] of refused) expect(prerenderedVariant(request(overrides)), why).toBeNull();
  });
});

describe("inline scripts", () => {
  const html = '<head><script src="/_next/a.js" async="" nonce="N0nce"></script><script nonce="N0nce">self.x=1</script></head>' +
    '<body><script nonce="N0nce">self.y=[1,"a"]</script><script>self.x=1</script></body>';

  it("hashes each distinct inline script, and no script file", () => {
    expect(inlineScriptHashes(html)).toEqual([sha256("self.x=1"), sha256('self.y=[1,"a"]')]);
    expect(inlineScriptHashes("<p>no scripts</p>")).toEqual([]);
  });

  it("takes the render's nonce attributes out, and nothing else", () => {
    expect(withoutNonce(html, "N0nce")).toBe(html.replaceAll(' nonce="N0nce"', ""));
    expect(withoutNonce(html, "other")).toBe(html);
  });

  it("are allowed by a policy of hashes, with no nonce, 'strict-dynamic' or 'unsafe-inline'", () => {
    const policy = prerenderedPagePolicy(inlineScriptHashes(html));
    const scriptSrc = policy.split("; ").find((directive) => directive.startsWith("script-src "));
    expect(scriptSrc).toBe(`script-src 'self' ${sha256("self.x=1")} ${sha256('self.y=[1,"a"]')}`);
    expect(() => prerenderedPagePolicy(["'unsafe-inline'"])).toThrow();
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding as HTTP does", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe("PrerenderedPages", () => {
  const page = (bytes: number): PrerenderedPage => ({ html: Buffer.alloc(0), gzipped: Buffer.alloc(0), scriptHashes: [], contentType: "text/html", vary: null, bytes });

  it("renders a variant once however many ask for it at the same time", async () => {
    const pages = new PrerenderedPages(1000);
    let renders = 0;
    let finish: (value: PrerenderedPage) => void = () => {};
    const render = () => {
      renders += 1;
      return new Promise<PrerenderedPage>((resolve) => (finish = resolve));
    };
    const waiting = Array.from({ length: 5 }, () => pages.get("a", render));
    finish(page(10));
    const answers = await Promise.all(waiting);
    expect(renders).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(await pages.get("a", render)).toBe(answers[0]);
    expect(renders).toBe(1);
  });

  it("renders at most two variants at once for the store: a third new one is rendered per request", async () => {
    const pages = new PrerenderedPages(1000);
    const finishes: (() => void)[] = [];
    const render = () => new Promise<PrerenderedPage>((resolve) => finishes.push(() => resolve(page(1))));
    const a = pages.get("a", render);
    const b = pages.get("b", render);
    expect(await pages.get("c", render)).toBeNull();
    expect(finishes).toHaveLength(2);
    const alsoA = pages.get("a", render); // one already rendering is waited for
    for (const finish of finishes) finish();
    expect(await a).toBe(await alsoA);
    await b;
    expect(await pages.get("c", () => Promise.resolve(page(1)))).not.toBeNull();
  });

  it("keeps at most its bytes, dropping the least recently used first", async () => {
    const pages = new PrerenderedPages(100);
    const renders: string[] = [];
    const render = (key: string, bytes: number) => () => {
      renders.push(key);
      return Promise.resolve(page(bytes));
    };
    await pages.get("a", render("a", 40));
    await pages.get("b", render("b", 40));
    await pages.get("a", render("a", 40)); // a is now the more recent
    await pages.get("c", render("c", 40)); // 120 bytes: b goes
    expect(pages.size).toBe(2);
    await pages.get("a", render("a", 40));
    await pages.get("b", render("b", 40));
    expect(renders).toEqual(["a", "b", "c", "b"]);
    await pages.get("huge", render("huge", 101));
    expect(pages.size).toBe(2); // too big to keep, and nothing dropped for it
  });

  it("renders per request for 30 s after a render it could not keep, then tries again", async () => {
    const pages = new PrerenderedPages(1000);
    let renders = 0;
    const failing = () => {
      renders += 1;
      return Promise.reject(new Error("connection refused"));
    };
    expect(await pages.get("a", failing, 0)).toBeNull();
    expect(await pages.get("a", failing, 29_999)).toBeNull();
    expect(renders).toBe(1);
    expect(await pages.get("a", () => Promise.resolve(page(1)), 30_000)).not.toBeNull();
  });
});

describe("prerenderedPageServer, over HTTP", () => {
  // A stand-in for the portal's own render: a page with a per-request nonce, as the front door and Next.js make it.
  let renders: IncomingHttpHeaders[] = [];
  let portal: Server;
  let server: Server;
  let origin = "";
  let mayServe = true;
  const pageHtml = (nonce: string, lang: string) =>
    `<!DOCTYPE html><html lang="${lang}"><head><script src="/_next/static/a.js" nonce="${nonce}"></script></head>` +
    `<body><p>${"register ".repeat(200)}</p><script nonce="${nonce}">self.__next_f.push([1,"${lang}"])</script></body></html>`;

  beforeAll(async () => {
    portal = createServer((req, res) => {
      renders.push(req.headers);
      const nonce = `nonce${renders.length}AAAAAAAAAAAAA==`;
      const lang = /mi_lang=(\w+)/.exec(req.headers.cookie ?? "")?.[1] ?? "en";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`, vary: "rsc, Accept-Encoding" });
      res.end(pageHtml(nonce, lang));
    });
    await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
    const serve = prerenderedPageServer({
      pages: new PrerenderedPages(1_000_000),
      origin: `http://127.0.0.1:${(portal.address() as AddressInfo).port}`,
      https: false,
      languageCookie: "mi_lang",
      mayServe: () => mayServe,
    });
    server = createServer((req, res) => {
      void serve(req, res).then((answered) => {
        if (!answered) res.writeHead(299).end("left to Next.js");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all([portal, server].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("renders a variant once, as a visitor with only the language cookie and the country/region, then sends the copy", async () => {
    renders = [];
    const first = await fetch(`${origin}/register`, { headers: { "accept-language": "fr-CA", "accept-encoding": "identity" } });
    const second = await fetch(`${origin}/register`, { headers: { "accept-language": "fr-CA,fr;q=0.9", "accept-encoding": "identity" } });
    expect(renders).toHaveLength(1);
    expect(renders[0]).toMatchObject({ cookie: "mi_lang=fr", "accept-language": "und-CA", [PRERENDER_HEADER]: prerenderSecret });
    const html = await first.text();
    expect(await second.text()).toBe(html);
    expect(html).toBe(pageHtml("nonce1AAAAAAAAAAAAA==", "fr").replaceAll(' nonce="nonce1AAAAAAAAAAAAA=="', ""));
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`script-src 'self' ${sha256('self.__next_f.push([1,"fr"])')};`);
    expect(csp).not.toContain("nonce");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("cache-control")).toContain("no-store");
    expect(first.headers.get("vary")).toBe("rsc, Accept-Encoding");
  });

  it("sends the copy gzipped, once compressed, to a client that takes gzip", async () => {
    const { request: get } = await import("node:http");
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      get(`${origin}/register`, { headers: { "accept-language": "fr-CA", "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
      }).on("error", reject).end();
    });
    expect(body.encoding).toBe("gzip");
    expect(gunzipSync(body.bytes).toString()).toContain('self.__next_f.push([1,"fr"])');
  });

  it("leaves a request to Next.js when it could differ, or when the server says no", async () => {
    renders = [];
    for (const [path, headers] of [
      ["/register?next=/account", {}],
      ["/register", { cookie: "mi_session=abc" }],
      ["/register", { rsc: "1" }],
      ["/account", {}],
    ] as const) {
      const response = await fetch(`${origin}${path}`, { headers });
      expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(299);
    }
    mayServe = false;
    expect((await fetch(`${origin}/help`)).status).toBe(299);
    mayServe = true;
    expect(renders).toHaveLength(0);
  });
});
