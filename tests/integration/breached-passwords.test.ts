import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBreachedPassword } from "@/lib/server/methods/password/breached";
import { logLines } from "../support/integration-context";

// Issue 21, point 11: new passwords are checked against the Pwned Passwords range API (k-anonymity: only the
// first 5 hex digits of the SHA-1 leave the server), here a local range server that knows two passwords.
const BREACHED = "Orange-7391";
const PADDED = "Lemon-Tree-42"; // in the answer only as a padding entry (count 0): not breached
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").toUpperCase();

type Request = { path: string; padding: string | undefined };
const requests: Request[] = [];
let server: Server;
let source: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ path: request.url ?? "", padding: request.headers["add-padding"] as string | undefined });
    const prefix = (request.url ?? "").slice("/range/".length);
    const lines = ["0018A45C4D1DEF81644B54AB7F969B88D65:10", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0"];
    for (const [password, count] of [[BREACHED, 52_118], [PADDED, 0]] as const) {
      const hash = sha1(password);
      if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:${count}`);
    }
    response.writeHead(200, { "Content-Type": "text/plain" }).end(lines.join("\r\n"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  source = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the breached-password check", () => {
  it("finds a breached password by its hash's range, sending only the first 5 hex digits, with padding asked for", async () => {
    requests.length = 0;
    expect(await isBreachedPassword(BREACHED, { source })).toBe(true);
    expect(requests).toEqual([{ path: `/range/${sha1(BREACHED).slice(0, 5)}`, padding: "true" }]);
    expect(JSON.stringify(requests)).not.toContain(sha1(BREACHED).slice(5));
  });

  it("passes a password that is absent, or present only as a padding entry (count 0)", async () => {
    expect(await isBreachedPassword("Harbour7light", { source })).toBe(false);
    expect(await isBreachedPassword(PADDED, { source })).toBe(false);
  });

  it("is case-sensitive, as SHA-1 is", async () => {
    expect(await isBreachedPassword(BREACHED.toUpperCase(), { source })).toBe(false);
  });

  it("fails open with one log line when the range server cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const before = logLines.length;
    expect(await isBreachedPassword(BREACHED, { source: `http://127.0.0.1:${port}` })).toBe(false);
    const lines = logLines.slice(before).map((line) => JSON.parse(line) as { level: string; event: string });
    expect(lines).toEqual([expect.objectContaining({ level: "warn", event: "breached_password_check_unavailable" })]);
    expect(logLines.slice(before).join("")).not.toContain(BREACHED);
  });

  it("fails open when the range server answers an error, or does not answer in time", async () => {
    const failing = createServer((request, response) => {
      if (request.url?.startsWith("/slow/")) return; // never answers
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const before = logLines.length;
      expect(await isBreachedPassword(BREACHED, { source: base })).toBe(false);
      expect(await isBreachedPassword(BREACHED, { source: `${base}/slow`, timeoutMs: 200 })).toBe(false);
      expect(logLines.slice(before).filter((line) => line.includes("breached_password_check_unavailable"))).toHaveLength(2);
    } finally {
      failing.closeAllConnections();
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  it("asks nothing when the check is off", async () => {
    requests.length = 0;
    expect(await isBreachedPassword(BREACHED, { source: null })).toBe(false);
    expect(requests).toEqual([]);
  });
});
