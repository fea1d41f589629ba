import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { keepTrack } from "@/app/_lib/in-flight";
import { ipGroupOf } from "@/app/_lib/request";
import { pathAfterSignIn, secondStepCookie, secondStepPath, sessionCookies } from "@/app/_lib/signed-in";
import { COOKIE, requestCookies, setCookieHeader } from "@/lib/server/config/cookies";
import { errorSummary, log } from "@/lib/server/log";
import { unavailablePage } from "@/lib/server/ops/unavailable-page";
import type { RequestContext } from "@/lib/server/flows/context";
import { signIn } from "@/lib/server/flows/login/sign-in";
import { postOrigin, readBody, requestHeader } from "@/lib/server/security/node-request";
import { BODY_TOO_BIG, refuseForeignPost } from "@/lib/server/security/request-guard";
import { fieldErrors } from "@/lib/server/validation/form-data";
import { signInSchema } from "@/lib/server/validation/sign-in";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { DEFAULT_LOCALE, isLocale, LOCALE_HEADER } from "@/lib/shared/i18n/locales";
import { encodeRefusal, SIGN_IN_REFUSAL_HEADER, type SignInRefusal } from "./sign-in-refusal";

// The sign-in form's POST, answered by the portal's server before Next.js routes it (one of its own routes,
// app/_lib/own-routes.ts, which scripts/server.ts calls after the front door). A sign-in is the one request priced against bcrypt's own
// rate (docs/BENCHMARKS.md): through Next.js's server-action path it cost about 3 ms of CPU more than the flow
// itself, enough to keep PostgreSQL under 0.9 of bcrypt's rate on two cores. The form is a plain HTML form, the
// same with and without JavaScript:
// - accepted: the session's cookies and a 303 to the page next (or to the second step), as the action answered;
// - refused: the request goes on to Next.js as a GET of /login carrying the refusal (sign-in-refusal.ts), and the
//   page renders it in the person's language with the form as typed: one response, as the action's was.

const SIGN_IN_PATH = "/login";

/** What the form sends, as the sign-in reads it: the first value of each name, strings only. */
export type SignInForm = Record<string, string>;

export type SignInAnswer = { go: string; cookies: ReturnType<typeof sessionCookies> } | { refused: SignInRefusal };

/** Parse, sign in, and say where to go or why not: the part of the POST that knows nothing of HTTP. */
export async function answerSignInForm({ fields, cookies, userAgent }: { fields: SignInForm; cookies: Map<string, string>; userAgent: string | null }, context: RequestContext): Promise<SignInAnswer> {
  const values = { identifier: (fields.identifier ?? "").slice(0, EMAIL_MAX_LENGTH), country: (fields.country ?? "").slice(0, 2) };
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return { refused: { reason: "fields", values, errors: fieldErrors(parsed.error) } };
  const result = await signIn(
    {
      identifier: parsed.data.identifier,
      country: parsed.data.country,
      password: parsed.data.password,
      // The captcha's and the challenge's ids come from their HttpOnly cookies, the answers from the form (app/_lib/human-check.ts).
      captchaId: cookies.get(COOKIE.captcha),
      captchaAnswer: fields.captcha,
      challengeId: cookies.get(COOKIE.pow),
      pow: fields.pow,
      alternative: fields.captchaMode === "alternative",
      deviceToken: cookies.get(COOKIE.device),
      userAgent,
      // A new session id at every sign-in; any session this browser held before is ended.
      previousSessionToken: cookies.get(COOKIE.session),
    },
    context,
  );
  if (result.ok) return { go: pathAfterSignIn(fields.next), cookies: sessionCookies(result) };
  if (result.reason === "second-step") return { go: secondStepPath(fields.next), cookies: [secondStepCookie(result.secondStep)] };
  const identifier = parsed.data.identifier;
  if (result.reason === "captcha") {
    const code = fields.captchaMode === "alternative" ? "fields.captcha.alternativeFailed" : fields.captcha ? "errors.captcha.wrong" : "errors.captcha.required";
    return { refused: { reason: "captcha", values, identifier, code } };
  }
  if (result.reason === "locked" || result.reason === "ip-limited") {
    return { refused: { reason: "wait", values, identifier, retryAfterMs: result.retryAfterMs, captchaRequired: result.captchaRequired } };
  }
  return { refused: { reason: "invalid", values, identifier, captchaRequired: result.captchaRequired } };
}

/**
 * Answers the sign-in form's POST, or leaves the request to Next.js (false): anything but a form-encoded POST to
 * /login (the page's other forms are server actions), and a refusal, which Next.js renders.
 */
export async function answerSignInPost(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  // Only this handler says a sign-in was refused: whatever a client sent under that name goes.
  delete req.headers[SIGN_IN_REFUSAL_HEADER];
  if (req.method !== "POST" || !isSignInPath(req.url) || req.headers["next-action"] !== undefined) return false;
  if (!(requestHeader(req, "content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return false;
  const foreign = refuseForeignPost(postOrigin(req));
  if (foreign) return refuse(res, foreign.status, foreign.reason);
  const body = await readBody(req);
  if (body === null) return refuse(res, BODY_TOO_BIG.status, BODY_TOO_BIG.reason);

  const locale = requestHeader(req, LOCALE_HEADER);
  const context: RequestContext = {
    now: new Date(),
    ipGroup: ipGroupOf({ get: (name: string) => requestHeader(req, name) }),
    locale: isLocale(locale) ? locale : DEFAULT_LOCALE,
    // Once the answer is out, as Next's after() runs it: the answer takes as long whether or not mail was due.
    afterResponse: (work) =>
      void res.once("close", () => void keepTrack(work()).catch((error: unknown) => log.error("sign-in-post.after-response-failed", { error: errorSummary(error) }))),
  };
  let answer: SignInAnswer;
  try {
    answer = await answerSignInForm({ fields: formOf(body), cookies: requestCookies(req.headers.cookie), userAgent: requestHeader(req, "user-agent") }, context);
  } catch (error) {
    // The database went away mid-sign-in: the calm page the front door shows while it is away, never a stack trace.
    log.error("sign-in-post.failed", { error: errorSummary(error) });
    res.writeHead(503, { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" });
    res.end(unavailablePage(context.locale));
    return true;
  }
  if ("go" in answer) {
    res.writeHead(303, { Location: answer.go, "Set-Cookie": answer.cookies.map((cookie) => setCookieHeader(cookie)), "Cache-Control": "no-store" });
    res.end();
    return true;
  }
  // The page renders the refusal: a GET of /login for Next.js, the body already read.
  req.headers[SIGN_IN_REFUSAL_HEADER] = encodeRefusal(answer.refused);
  req.method = "GET";
  delete req.headers["content-length"];
  delete req.headers["content-type"];
  return false;
}

const isSignInPath = (url: string | undefined) => {
  const path = (url ?? "").split("?")[0];
  return path === SIGN_IN_PATH;
};

function refuse(res: ServerResponse, status: number, reason: string): true {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end(reason);
  return true;
}

/** A form-encoded body's fields: the first value of each name. */
function formOf(body: Buffer): SignInForm {
  const fields: SignInForm = {};
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) if (!(name in fields)) fields[name] = value;
  return fields;
}
