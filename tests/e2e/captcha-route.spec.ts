import { expect, test } from "./fixtures";

// The captcha image route changes state (each load makes a captcha), so it guards itself.
test("captcha images: 30 a minute per address, then 429 with Retry-After @db", async ({ request }, testInfo) => {
  // An address of its own (an IPv6 /64 drawn at random), so a retry starts from a fresh count.
  const network = Math.floor(Math.random() * 0xffff).toString(16);
  const headers = { "X-Forwarded-For": `2001:db8:${network}:${testInfo.retry}::1`, "Sec-Fetch-Site": "same-origin" };
  for (let i = 1; i <= 30; i++) {
    const response = await request.get(`/captcha?n=${i}`, { headers });
    expect(response.status(), `image ${i}`).toBe(200);
  }
  const refused = await request.get("/captcha?n=31", { headers });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect(Number(refused.headers()["retry-after"])).toBeLessThanOrEqual(60);
});

test("another site cannot make captchas for our visitors", async ({ request }) => {
  const refused = await request.get("/captcha", {
    headers: { "Sec-Fetch-Site": "cross-site", "X-Forwarded-For": "192.0.2.250" },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["set-cookie"]).toBeUndefined();
});

// Issue 21, point 8: the image's stand-in is never refused; from one address it costs more work past 20 an hour.
test("the hard challenge (the image's stand-in) is never refused; from a busy address it asks for more work @db", async ({ request }, testInfo) => {
  const network = Math.floor(Math.random() * 0xffff).toString(16);
  const headers = { "X-Forwarded-For": `2001:db8:${network}:${testInfo.retry}::2`, "Sec-Fetch-Site": "same-origin" };
  const tops: number[] = [];
  for (let i = 1; i <= 21; i++) {
    const response = await request.get(`/captcha/challenge?hard=1&n=${i}`, { headers });
    expect(response.status(), `challenge ${i}`).toBe(200);
    tops.push(((await response.json()) as { maxCounter: number }).maxCounter);
  }
  expect(new Set(tops.slice(0, 20)).size).toBe(1);
  expect(tops[20]).toBe(2 * tops[0]!);
});
