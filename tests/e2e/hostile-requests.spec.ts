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
  const form = await formOn(request, "/login", "Sign in");
  const stateField = Object.keys(form).find((name) => /^\$ACTION_\d+:1$/.test(name))!;
  expect(stateField).toBeTruthy();
  for (const tampered of ["garbage", "[", "null", '["$Q1"]', '["$F1"]', '["$T"]']) {
    const answer = await postAction(request, baseURL!, "/login", { ...form, [stateField]: tampered, identifier: "a@example.com", password: "x" });
    expect(answer.status(), tampered).toBe(400);
  }
  const actionId = JSON.parse(form[Object.keys(form).find((name) => /^\$ACTION_\d+:0$/.test(name))!]!).id as string;
  const call = await request.post("/login", { headers: { ...sameOriginHeaders(baseURL!), "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8" }, data: "[garbage" });
  expect(call.status()).toBe(400);
  const untampered = await postAction(request, baseURL!, "/login", { ...form, identifier: "a@example.com", password: "x" });
  expect(untampered.status()).toBe(200);
  expect(withoutScripts(await untampered.text())).toContain("Incorrect account or password.");
});
