import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { answerSignInPost } from "@/app/login/sign-in-post";
import type * as SignInFlow from "@/lib/server/flows/login/sign-in";
import { decodeRefusal, SIGN_IN_REFUSAL_HEADER } from "@/app/login/sign-in-refusal";
import { COOKIE } from "@/lib/server/config/cookies";
import { db } from "@/lib/server/db/client";
import { MAX_BODY_BYTES } from "@/lib/server/security/request-guard";
import { PASSWORD, registerActive } from "../support/fixtures";

// The sign-in form's POST handler (app/login/sign-in-post.ts) over real HTTP, on a plain Node server standing in
// for the portal's (scripts/server.ts): what it answers itself, and what it hands on to Next.js (here: recorded).

// The database going away mid-sign-in, which no real outage can time: the flow fails as a dropped connection does.
const outage = vi.hoisted(() => ({ now: false }));
vi.mock("@/lib/server/flows/login/sign-in", async (importOriginal) => {
  const real = await importOriginal<typeof SignInFlow>();
  return { ...real, signIn: (...args: Parameters<typeof real.signIn>) => (outage.now ? Promise.reject(new Error("Connection terminated unexpectedly")) : real.signIn(...args)) };
});

type HandedOn = { method: string | undefined; headers: IncomingHttpHeaders };
let server: Server;
let origin: string;
let handedOn: HandedOn | null = null;
let addresses = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    // As the portal's server does with the socket's address: here one of the test's own, so counters stay apart.
    req.headers["x-mi-socket-ip"] = String(req.headers["x-test-address"]);
    void answerSignInPost(req, res).then((answered) => {
      if (answered) return;
      handedOn = { method: req.method, headers: { ...req.headers } };
      res.writeHead(200).end("Next.js");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(body: string, { from = origin, path = "/login", type = "application/x-www-form-urlencoded", extra = {} as Record<string, string> } = {}) {
  handedOn = null;
  addresses += 1;
  return fetch(`${origin}${path}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "content-type": type, origin: from, "x-test-address": `198.51.102.${addresses}-${process.pid}`, ...extra },
  });
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const sessionsOf = (accountId: string) => db.session.count({ where: { accountId } });

describe("the sign-in form's POST", () => {
  it("signs in: the session's cookies and a 303 to the page next, on this site only", async () => {
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const byEmail = await post(form({ identifier: input.email, password: PASSWORD }));
    expect([byEmail.status, byEmail.headers.get("location")]).toEqual([303, "/account"]);
    const cookies = byEmail.headers.getSetCookie();
    const session = cookies.find((cookie) => cookie.startsWith(`${COOKIE.session}=`));
    expect(session).toMatch(/; Path=\/; Expires=[^;]+; HttpOnly; SameSite=lax$/);
    expect(cookies.some((cookie) => cookie.startsWith(`${COOKIE.secondStep}=;`) && /Max-Age=0/.test(cookie))).toBe(true);
    expect(cookies.some((cookie) => cookie.startsWith(`${COOKIE.language}=en;`))).toBe(true);
    expect(handedOn).toBeNull();

    const byMiId = await post(form({ identifier: miId, password: PASSWORD, next: "/account/data" }));
    expect([byMiId.status, byMiId.headers.get("location")]).toEqual([303, "/account/data"]);
    const elsewhere = await post(form({ identifier: miId, password: PASSWORD, next: "//evil.example/account" }));
    expect(elsewhere.headers.get("location")).toBe("/account");
    expect(await sessionsOf(account.id)).toBe(3);
  });

  it("hands a refusal to the page as a GET of /login, with the form as typed and never the password", async () => {
    const { input } = await registerActive();
    const wrong = await post(form({ identifier: ` ${input.email}`, password: "Wrong-pass-9", country: "GB" }));
    expect(await wrong.text()).toBe("Next.js");
    expect(handedOn?.method).toBe("GET");
    expect(handedOn?.headers["content-length"]).toBeUndefined();
    const refusal = decodeRefusal(String(handedOn?.headers[SIGN_IN_REFUSAL_HEADER]));
    expect(refusal).toEqual({ reason: "invalid", values: { identifier: ` ${input.email}`, country: "GB" }, identifier: input.email, captchaRequired: false });
    expect(JSON.stringify(refusal)).not.toContain("Wrong-pass-9");

    await post(form({ password: "x" }));
    expect(decodeRefusal(String(handedOn?.headers[SIGN_IN_REFUSAL_HEADER]))).toEqual({
      reason: "fields",
      values: { identifier: "", country: "" },
      errors: { identifier: ["errors.identifier"] },
    });
  });

  it("refuses a post from another origin, or none, and one too big, signing no one in", async () => {
    const { input, miId } = await registerActive();
    const account = await db.account.findUniqueOrThrow({ where: { miId } });
    const credentials = form({ identifier: input.email, password: PASSWORD });
    for (const from of ["https://evil.example", "null", ""]) {
      const answer = await post(credentials, { from });
      expect([answer.status, await answer.text()], from).toEqual([403, "This form can only be sent from its own page."]);
    }
    const big = await post(`${credentials}&pad=${"a".repeat(MAX_BODY_BYTES)}`);
    expect(big.status).toBe(413);
    expect(handedOn).toBeNull();
    expect(await sessionsOf(account.id)).toBe(0);
  });

  it("leaves everything else to Next.js untouched, and drops a refusal a client made up", async () => {
    const multipart = await post("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n", { type: "multipart/form-data; boundary=x" });
    expect(await multipart.text()).toBe("Next.js");
    expect(handedOn?.method).toBe("POST");
    await post(form({ identifier: "a@example.com", password: "x" }), { extra: { "next-action": "00".repeat(21) } });
    expect(handedOn?.method).toBe("POST");
    await post(form({ identifier: "a@example.com", password: "x" }), { path: "/login/code" });
    expect(handedOn?.method).toBe("POST");
    handedOn = null;
    await fetch(`${origin}/login`, { headers: { [SIGN_IN_REFUSAL_HEADER]: "eyJyZWFzb24iOiJpbnZhbGlkIn0", "x-test-address": "198.51.102.250" } });
    expect(handedOn).not.toBeNull();
    expect(handedOn!.headers[SIGN_IN_REFUSAL_HEADER]).toBeUndefined();
  });

  it("answers the calm 503 page when the database goes away mid-sign-in, never a stack trace", async () => {
    outage.now = true;
    try {
      const answer = await post(form({ identifier: "a@example.com", password: "Whatever-1" }));
      expect([answer.status, answer.headers.get("retry-after")]).toEqual([503, "5"]);
      const page = await answer.text();
      expect(page).toContain("please try again shortly");
      expect(page).not.toContain("Connection terminated");
      expect(handedOn).toBeNull();
    } finally {
      outage.now = false;
    }
  });
});
