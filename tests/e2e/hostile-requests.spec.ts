import { formOn, postAction, sameOriginHeaders, withoutScripts } from "./action-post";
import { expect, test } from "./fixtures";

// Requests no browser of ours sends get a 4xx, never a 500: an oversized body, an undecodable path, a tampered
// server-action payload.

test("oversized bodies get 413, undecodable paths 400", async ({ request, baseURL }) => {
  const big = await request.post("/register", { headers: { ...sameOriginHeaders(baseURL!), "Content-Type": "text/plain" }, data: "a".repeat(70_000) });
  expect(big.status()).toBe(413);
  for (const path of ["/dev/mail/%", "/%E0%A4%A", "/login%zz"]) {
    expect((await request.get(path)).status(), path).toBe(400);
  }
});

test("a tampered server-action payload gets 400, and the untampered form still works", async ({ request, baseURL }) => {
  const form = await formOn(request, "/forgot", "Send reset link");
  const stateField = Object.keys(form).find((name) => /^\$ACTION_\d+:1$/.test(name))!;
  expect(stateField).toBeTruthy();
  for (const tampered of ["garbage", "[", "null", '["$Q1"]', '["$F1"]', '["$T"]']) {
    const answer = await postAction(request, baseURL!, "/forgot", { ...form, [stateField]: tampered, identifier: "a@example.com" });
    expect(answer.status(), tampered).toBe(400);
  }
  const actionId = JSON.parse(form[Object.keys(form).find((name) => /^\$ACTION_\d+:0$/.test(name))!]!).id as string;
  const call = await request.post("/forgot", { headers: { ...sameOriginHeaders(baseURL!), "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8" }, data: "[garbage" });
  expect(call.status()).toBe(400);
  const untampered = await postAction(request, baseURL!, "/forgot", { ...form, identifier: "a@example.com" });
  expect(untampered.status()).toBe(200);
  expect(withoutScripts(await untampered.text())).toContain("If that belongs to a Mi Account");
});

// The sign-in form is a plain POST answered before Next.js (app/login/sign-in-post.ts): its refusals are the front
// door's and its own, and a client cannot hand the page a refusal of its own making.
test("the sign-in POST: oversized 413, foreign 403, and a made-up refusal header is dropped", async ({ request, baseURL }) => {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const big = await request.post("/login", { headers: { ...sameOriginHeaders(baseURL!), ...form }, data: `identifier=${"a".repeat(70_000)}&password=x` });
  expect(big.status()).toBe(413);
  const foreign = await request.post("/login", { headers: { ...sameOriginHeaders(baseURL!), ...form, Origin: "https://evil.example" }, data: "identifier=a%40example.com&password=x", maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  const madeUp = Buffer.from(JSON.stringify({ reason: "invalid", values: { identifier: "planted@example.com", country: "" }, identifier: "planted@example.com", captchaRequired: false })).toString("base64url");
  const page = await request.get("/login", { headers: { "x-mi-sign-in-refusal": madeUp } });
  expect(page.status()).toBe(200);
  const text = withoutScripts(await page.text());
  expect(text).not.toContain("planted@example.com");
  expect(text).not.toContain("Incorrect account or password.");
});
