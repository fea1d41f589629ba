import { expect, test } from "./fixtures";
import { signIn, uniqueEmail, seedActiveAccount } from "./helpers";

// "Download my data" over plain HTTP (issue 21, point 6): the file comes only from a POST sent by the account
// page's own form. A link on another site (a GET) or a form there (a cross-site POST) gets nothing, even from the
// signed-in person's own browser, whose cookies such a request would carry.

const EVIL = "https://evil.example";

test("my data downloads by a POST from the account page only, never by a GET or a cross-site post", async ({ page, playwright, baseURL }, testInfo) => {
  const email = uniqueEmail(testInfo);
  const { miId } = await seedActiveAccount({ email });
  await signIn(page, email);
  const own = new URL(baseURL!).origin;
  const browser = page.request; // this browser's cookie jar: the signed-in session

  // A link followed from another site, or typed: no file, back to the account page.
  for (const site of ["cross-site", "same-origin", undefined]) {
    const get = await browser.get("/account/data", { headers: site ? { "Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate" } : {}, maxRedirects: 0 });
    expect(get.status(), `GET, Sec-Fetch-Site: ${site}`).toBe(303);
    expect(get.headers().location).toMatch(/^\/account(#data)?$/);
    expect(get.headers()["content-disposition"], `GET, Sec-Fetch-Site: ${site}`).toBeUndefined();
  }

  // A form on another site (or a sibling subdomain, or an opaque page) posting to it: refused.
  const foreign: Record<string, string>[] = [
    { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
    { Origin: "https://sub.localhost", "Sec-Fetch-Site": "same-site" },
    { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    { Origin: EVIL },
  ];
  for (const headers of foreign) {
    const post = await browser.post("/account/data", { headers, maxRedirects: 0 });
    expect(post.status(), `POST ${JSON.stringify(headers)}`).toBe(403);
    expect(post.headers()["content-disposition"]).toBeUndefined();
    expect(await post.text()).not.toContain(miId);
  }

  // The account page's own form: the file.
  const post = await browser.post("/account/data", { headers: { Origin: own, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate" }, maxRedirects: 0 });
  expect(post.status()).toBe(200);
  expect(post.headers()["content-disposition"]).toBe(`attachment; filename="mi-account-${miId}.json"`);
  expect(JSON.parse(await post.text()).account).toMatchObject({ miAccountId: miId, email });

  // Signed out: the sign-in page, not a file.
  const stranger = await playwright.request.newContext({ baseURL });
  const anonymous = await stranger.post("/account/data", { headers: { Origin: own, "Sec-Fetch-Site": "same-origin" }, maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toMatch(/^\/login\?next=/);
  await stranger.dispose();
});
