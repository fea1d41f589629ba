import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { CAPTCHA, PASSWORD } from "./helpers";

// Replaying the portal's forms over plain HTTP, as a browser without JavaScript posts them: read the hidden
// server-action fields of the rendered form, then post them (with the visible fields) as multipart to the
// page's own URL from the portal's own origin. The same technique as csrf.spec.ts, for tests that need many
// independent clients at once (each an APIRequestContext with its own cookie jar).

export type Fields = Record<string, string>;

export function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1] ?? "") : undefined;
}

/**
 * The hidden fields of the page's POST form whose submit button reads `button` (`$ACTION_REF_n`, `$ACTION_n:0`,
 * `$ACTION_n:1`, `$ACTION_KEY`, or `$ACTION_ID_<id>`). Throws when there is no such form or it calls no action.
 */
export function actionFields(html: string, button: string): Fields {
  for (const [, form = ""] of html.matchAll(/<form\b[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/gi)) {
    if (!form.includes(`>${button}<`)) continue;
    const fields: Fields = {};
    for (const [tag] of form.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(tag, "name");
      if (attribute(tag, "type") === "hidden" && name) fields[name] = attribute(tag, "value") ?? "";
    }
    if (!Object.keys(fields).some((name) => name.startsWith("$ACTION_"))) {
      throw new Error(`The "${button}" form has no server action fields`);
    }
    return fields;
  }
  throw new Error(`No POST form with a "${button}" button in the page`);
}

/** Headers of a same-origin navigation from the portal itself (what a browser sends with a form post). */
export function sameOriginHeaders(baseURL: string): Record<string, string> {
  return {
    Origin: new URL(baseURL).origin,
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
    Accept: "text/html",
  };
}

/** GETs `path` and returns the action fields of its form whose button reads `button`. */
export async function formOn(request: APIRequestContext, path: string, button: string): Promise<Fields> {
  const page = await request.get(path);
  if (page.status() !== 200) throw new Error(`GET ${path}: status ${page.status()}`);
  return actionFields(await page.text(), button);
}

/** Posts `fields` as multipart to `path` from the portal's own origin; redirects are not followed. */
export async function postAction(request: APIRequestContext, baseURL: string, path: string, fields: Fields): Promise<APIResponse> {
  return request.post(path, { multipart: fields, headers: sameOriginHeaders(baseURL), maxRedirects: 0 });
}

/**
 * Posts the sign-in form as a browser does, with or without JavaScript: form-encoded to /login from the portal's own
 * origin (app/login/sign-in-post.ts answers it); redirects are not followed. `next` as the form carries it.
 */
export async function postSignIn(request: APIRequestContext, baseURL: string, fields: Fields): Promise<APIResponse> {
  const path = fields.next ? `/login?next=${encodeURIComponent(fields.next)}` : "/login";
  return request.post(path, { form: fields, headers: sameOriginHeaders(baseURL), maxRedirects: 0 });
}

export function setCookieNames(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value.split("=")[0]!.trim());
}

/**
 * Step 1 (the /register form: 303 to step 2 and the wizard cookie) and the captcha image (its cookie), as one
 * person does before typing the code. Returns step 2's form fields, ready to post.
 */
export async function prepareSignUp(request: APIRequestContext, address: string, baseURL: string, email: string): Promise<Fields> {
  const step1 = await postAction(request, baseURL, "/register", {
    ...(await formOn(request, "/register", "Create Mi Account")),
    country: "GB",
    email,
    privacy: "on",
    offers: "on",
  });
  expect(step1.status(), `step 1 for ${email} from ${address}`).toBe(303);
  expect(step1.headers().location).toMatch(/\/register\/password$/);
  expect(setCookieNames(step1)).toContain("mi_registration");
  const form = await formOn(request, "/register/password", "Submit");
  const captcha = await request.get("/captcha", { headers: { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image" } });
  expect(captcha.status(), `captcha for ${address}`).toBe(200);
  expect(setCookieNames(captcha)).toContain("mi_captcha");
  return { ...form, password: PASSWORD, confirmPassword: PASSWORD, captcha: CAPTCHA };
}

/**
 * The page as rendered, without its scripts: the messages client components may need are in the page's script
 * payload too, so a string found there says nothing about what the answer shows.
 */
export function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
}
