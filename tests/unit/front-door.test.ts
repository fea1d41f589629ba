import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PRERENDER_HEADER, prerenderSecret } from "@/lib/server/ops/prerendered-pages";
import { frontDoor } from "@/lib/server/security/front-door";
import { MAX_BODY_BYTES } from "@/lib/server/security/request-guard";
import { LOCALE_HEADER, PATH_HEADER } from "@/lib/shared/i18n/locales";

// The front door over real HTTP, as the portal's server calls it (scripts/server.ts): what it answers itself, and
// what the handler after it (Next.js there, a recorder here) is given: the request's headers and its whole body.

// The database probe's last answer (lib/server/ops/database-status.ts keeps it on globalThis), set by each test;
// checkedAt in the future, so no probe of a real database starts.
const databaseStatus = () => (globalThis as unknown as { miDatabaseStatus: { up: boolean; failures: number; checkedAt: number; probing: boolean } }).miDatabaseStatus;

type Seen = { headers: IncomingHttpHeaders; body: string };
let seen: Seen | null = null;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    frontDoor(req, res).then(async (answered) => {
      if (answered) return;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen = { headers: { ...req.headers }, body: Buffer.concat(chunks).toString("utf8") };
      res.end("next");
    }, (error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = null;
  Object.assign(databaseStatus() ?? ((globalThis as unknown as { miDatabaseStatus: object }).miDatabaseStatus = {}), { up: true, failures: 0, checkedAt: Date.now() + 3_600_000, probing: false });
});

const BOUNDARY = "----front-door-test";
const multipart = (fields: [string, string][]) =>
  `${fields.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("")}--${BOUNDARY}--\r\n`;
// An action of one parameter (its form), as Next.js numbers them (request-guard.ts actionParameterCount).
const ACTION = "40cbdfedd54a0d867fd775a54692219a80d773a032";

describe("front door", () => {
  it("puts the security headers on the response and the same nonce on the request Next.js renders", async () => {
    const res = await fetch(`${origin}/register`, { headers: { "accept-language": "fr-FR,fr;q=0.9" } });
    expect(await res.text()).toBe("next");
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(seen!.headers["x-nonce"]).toBe(nonce);
    expect(seen!.headers["content-security-policy"]).toBe(csp);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(seen!.headers[LOCALE_HEADER]).toBe("fr");
    // Each request its own nonce.
    const again = await fetch(`${origin}/register`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("takes a language link as the choice, keeps it in a cookie, and gives the page its path without the link", async () => {
    const res = await fetch(`${origin}/login?next=%2Faccount&lang=es`, { headers: { "accept-language": "fr" } });
    expect(seen!.headers[LOCALE_HEADER]).toBe("es");
    expect(seen!.headers[PATH_HEADER]).toBe("/login?next=%2Faccount");
    expect(res.headers.get("set-cookie")).toMatch(/^mi_lang=es; Path=\/; Expires=.+; Max-Age=31536000; HttpOnly; SameSite=lax$/);
    // Already chosen: no cookie again. An unknown language: none either, and the cookie's choice stands.
    expect((await fetch(`${origin}/?lang=es`, { headers: { cookie: "mi_lang=es" } })).headers.get("set-cookie")).toBeNull();
    expect((await fetch(`${origin}/?lang=xx`, { headers: { cookie: "mi_lang=ar" } })).headers.get("set-cookie")).toBeNull();
    expect(seen!.headers[LOCALE_HEADER]).toBe("ar");
  });

  it("passes the prerender mark on only with this process's secret", async () => {
    await fetch(`${origin}/register`, { headers: { [PRERENDER_HEADER]: prerenderSecret } });
    expect(seen!.headers[PRERENDER_HEADER]).toBe("1");
    await fetch(`${origin}/register`, { headers: { [PRERENDER_HEADER]: "1" } });
    expect(seen!.headers[PRERENDER_HEADER]).toBeUndefined();
  });

  it("gives a form it checked to the next reader whole, byte for byte", async () => {
    const body = multipart([[`$ACTION_ID_${ACTION}`, ""], ["identifier", "Zoë@example.com"], ["password", "p".repeat(20_000)]]);
    const res = await fetch(`${origin}/login`, {
      method: "POST",
      body,
      headers: { origin, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(res.status).toBe(200);
    expect(seen!.body).toBe(body);
    // A body that is no action's is not read at all, and reaches the next reader as sent.
    await fetch(`${origin}/dev/mail`, { method: "POST", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(seen!.body).toBe("a=1&b=2");
  });

  it("refuses a form from another origin, one that is no action's shape, and bodies too big or of unknown length", async () => {
    const form = (fields: [string, string][], from: string) =>
      fetch(`${origin}/login`, { method: "POST", body: multipart(fields), headers: { origin: from, "content-type": `multipart/form-data; boundary=${BOUNDARY}` } });
    const foreign = await form([[`$ACTION_ID_${ACTION}`, ""]], "http://elsewhere.example");
    expect([foreign.status, await foreign.text()]).toEqual([403, "This form can only be sent from its own page."]);
    expect((await form([["$ACTION_ID_zz", ""]], origin)).status).toBe(400);
    expect((await form([[`$ACTION_ID_${ACTION}`, ""], [`$ACTION_ID_${ACTION}`, ""]], origin)).status).toBe(400);
    const big = await fetch(`${origin}/login`, { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1), headers: { origin } });
    expect(big.status).toBe(413);
    // Every refusal still carries the security headers, and nothing reached the next reader.
    expect(big.headers.get("x-frame-options")).toBe("DENY");
    expect(seen).toBeNull();
  });

  it("answers pages with the calm 503 while the database is away, but not script files or /healthz", async () => {
    databaseStatus().up = false;
    const page = await fetch(`${origin}/login`, { headers: { "accept-language": "ru" } });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(await page.text()).toContain('lang="ru"');
    expect(seen).toBeNull();
    expect((await fetch(`${origin}/_next/static/chunks/app.js`)).status).toBe(200);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});
