import "server-only";

// Requests no browser of ours sends are refused at the door with a 4xx, before Next.js parses them (where they
// would end as a 500, or a stack trace in the log): bodies over the server actions' limit, bodies of unknown
// length, undecodable paths, and server action calls that are not one of this portal's forms.

/** The largest request body the portal takes (next.config.ts gives server actions the same limit). */
export const MAX_BODY_BYTES = 64 * 1024;

export type HostileRequest = { status: 400 | 403 | 409 | 411 | 413; reason: string; headers?: Record<string, string> };

/** A body over MAX_BODY_BYTES, by its stated length or as read. */
export const BODY_TOO_BIG: HostileRequest = { status: 413, reason: "That is more than this form takes." };

export function refuseHostileRequest(request: {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  contentLength: string | null;
  transferEncoding: string | null;
}): HostileRequest | null {
  try {
    decodeURIComponent(request.rawPath);
  } catch {
    return { status: 400, reason: "The address is not valid." };
  }
  if (request.method === "GET" || request.method === "HEAD") return null;
  if (request.contentLength === null) {
    // A chunked body could be any size; browsers always send a length with a form.
    return request.transferEncoding ? { status: 411, reason: "A length is required." } : null;
  }
  const length = Number(request.contentLength);
  if (!Number.isSafeInteger(length) || length < 0) return { status: 400, reason: "The request is not valid." };
  if (length > MAX_BODY_BYTES) return BODY_TOO_BIG;
  return null;
}

// ---- server actions -------------------------------------------------------------------------------------------
//
// Next.js decodes a server action call before any code of ours runs, and answers 500 (logging an error) when the
// call is not what the action expects: React's decoder throws on marks it does not know or on JSON nested
// thousands deep, the action throws when called with `[]` or `[null]` instead of its form, and a call from
// another origin is refused as a 500 (next/dist/server/app-render/action-handler.js). So the front door checks the call
// first. Every server action of this portal is a form's: `(formData)`, or with useActionState `(state, formData)`,
// or `()` when it reads nothing. A call is one of:
// - from the page's script: a `Next-Action: <id>` header and React's encoding of the arguments: multipart, field
//   "0" the argument list (`[state, "$K1"]`, `["$K1"]`, the form's fields "1_<name>"), or for `()` the text `[]`;
//   Next's client sends only the parameters the action declares (the count is in its id, below).
// - from a form without JavaScript: multipart with `$ACTION_ID_<id>` (the form is the only argument), or
//   `$ACTION_REF_n` with its descriptor `$ACTION_n:0` (`{"id":…,"bound":"$@1"}`) and bound state `$ACTION_n:1`
//   (`[state]`); the form's own fields beside them.

/** A server action's id: 42 hex digits, the first byte describing its parameters (server-reference-info.js). */
const ACTION_ID = /^[0-9a-f]{42}$/;

/**
 * How many parameters a server action declares, read from its id: Next.js puts a bit for each of the first six in
 * the id's first byte, and the top bit for a `use cache` function and the lowest for rest parameters, which no
 * action of this portal has. null for anything else.
 */
export function actionParameterCount(id: string): number | null {
  if (!ACTION_ID.test(id)) return null;
  const info = parseInt(id.slice(0, 2), 16);
  if (info & 0x80 || info & 0x01) return null;
  let count = 0;
  for (let index = 0; index < 6; index++) if ((info >> (6 - index)) & 1) count = index + 1;
  return count;
}

// React's reply encoding marks special values with a "$" prefix. These are the ones this portal's forms send
// (escaped strings, FormData, undefined and friends); anything else ("$Q", "$F", "$T", "$@", …) makes the
// decoder throw or reach for parts that are not there.
const KNOWN_MARKS = /^\$(\$|K\d+$|undefined$|NaN$|-?Infinity$|-0$|D|n-?\d+$)/;
/** A form's state is a few fields deep; React's decoder walks a reply recursively and overflows the stack on a deep one. */
const MAX_REPLY_DEPTH = 8;

/** A reply's JSON when it parses, is no deeper than MAX_REPLY_DEPTH and holds only known marks; else undefined. */
function readReply(json: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === "string" && item.startsWith("$") && !KNOWN_MARKS.test(item)) return undefined;
    if (item && typeof item === "object") {
      if (depth >= MAX_REPLY_DEPTH) return undefined;
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return value;
}

const isState = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);
const isForm = (value: unknown) => typeof value === "string" && /^\$K\d+$/.test(value);

/**
 * Whether `args` are the arguments of a form's call of an action declaring `parameters`: each state a plain
 * object, the form last. From the page's script only the declared ones come; without JavaScript, React adds the
 * form after the bound state itself, so `args` are the bound ones (`form: false`).
 */
function formArguments(args: unknown, parameters: number, form: boolean): boolean {
  if (!Array.isArray(args)) return false;
  const states = Math.max(parameters - 1, 0);
  const sent = form ? parameters : states;
  if (args.length !== sent) return false;
  return args.every((arg, index) => (form && index === parameters - 1 ? isForm(arg) : isState(arg)));
}

export type ActionRequest = {
  /** The Next-Action header: present on a call from the page's script. */
  actionId: string | null;
  /** The multipart body's text fields, or null when the body is not multipart/form-data. */
  fields: [string, string][] | null;
  /** The body as text when it is not multipart. */
  text: string | null;
  contentType: string;
  /** The Origin header, and the host Next.js compares it with (the first X-Forwarded-Host, else Host). */
  origin: string | null;
  host: string | null;
  /** The build's server action ids (action-manifest.ts), or null when unknown (the dev server): then Next.js says. */
  knownActionIds: ReadonlySet<string> | null;
};

const UNREADABLE: HostileRequest = { status: 400, reason: "The form could not be read." };

/**
 * A form post from anywhere but the portal's own pages: its Origin must name the Host it was sent to. Every browser
 * sends Origin with a POST; Next.js lets an action call without one through with a warning in the log (a hand-made
 * request, it says), so one is refused here: our forms' posts always carry it. Compared as Next.js compares them,
 * so an action call it would refuse is refused here instead of as a 500; the sign-in form, which is no action
 * (app/login/sign-in-post.ts), is held to the same rule.
 */
export function refuseForeignPost(request: { origin: string | null; host: string | null }): HostileRequest | null {
  let host: string | null;
  try {
    host = request.origin === null || request.origin === "null" ? null : new URL(request.origin).host;
  } catch {
    host = null;
  }
  if (host === null || host !== request.host) return { status: 403, reason: "This form can only be sent from its own page." };
  return null;
}

/**
 * A POST that Next.js would take for a server action (a Next-Action header, or any multipart body) but that is not
 * one of this portal's forms, or comes from another origin: refused here with a 4xx. Anything else is left alone.
 */
export function refuseActionRequest(request: ActionRequest): HostileRequest | null {
  if (request.actionId === null && request.fields === null) return null;
  const foreign = refuseForeignPost(request);
  if (foreign) return foreign;
  const call = request.actionId !== null ? scriptCall(request.actionId, request) : formPost(request.fields!);
  if (!call) return UNREADABLE;
  if (request.knownActionIds && !request.knownActionIds.has(call.id)) {
    // What Next.js answers for an action the build does not have (a page from before a deployment): its client
    // reloads on this header. Said here so that it is not also logged with a stack trace.
    return request.actionId !== null
      ? { status: 409, reason: "This page is out of date: reload it.", headers: { "x-nextjs-action-not-found": "1" } }
      : UNREADABLE;
  }
  return null;
}

function scriptCall(id: string, request: Pick<ActionRequest, "fields" | "text" | "contentType">): { id: string } | null {
  const parameters = actionParameterCount(id);
  if (parameters === null) return null;
  if (request.fields !== null) {
    const roots = request.fields.filter(([name]) => name === "0");
    // Only the argument list and the form's fields ("1_<name>"): no other part of React's encoding is ours.
    if (roots.length !== 1 || request.fields.some(([name]) => /^\d+$/.test(name) && name !== "0")) return null;
    return formArguments(readReply(roots[0]![1]), parameters, true) ? { id } : null;
  }
  // A call with nothing to send (`()`) comes as the text "[]"; JSON, or a form sent as anything else, does not.
  if (parameters !== 0 || !request.contentType.startsWith("text/plain")) return null;
  return formArguments(readReply(request.text ?? ""), 0, true) ? { id } : null;
}

function formPost(fields: [string, string][]): { id: string } | null {
  const keys = fields.filter(([name]) => name.startsWith("$ACTION_REF_") || name.startsWith("$ACTION_ID_")).map(([name]) => name);
  // Exactly one action per form (React would take the last; none is a multipart post no form of ours sends).
  if (keys.length !== 1) return null;
  const key = keys[0]!;
  const field = (name: string) => {
    const values = fields.filter(([n]) => n === name);
    return values.length === 1 ? values[0]![1] : undefined;
  };
  if (key.startsWith("$ACTION_ID_")) {
    const id = key.slice("$ACTION_ID_".length);
    const parameters = actionParameterCount(id);
    return parameters !== null && formArguments([], parameters, false) ? { id } : null;
  }
  const prefix = `$ACTION_${key.slice("$ACTION_REF_".length)}:`;
  if (!/^\$ACTION_\d+:$/.test(prefix)) return null;
  const descriptor = field(`${prefix}0`);
  let meta: unknown;
  try {
    meta = descriptor === undefined ? undefined : JSON.parse(descriptor);
  } catch {
    return null;
  }
  if (!isState(meta)) return null;
  const { id, bound } = meta as { id?: unknown; bound?: unknown };
  if (typeof id !== "string") return null;
  const parameters = actionParameterCount(id);
  if (parameters === null) return null;
  if (bound === null) return formArguments([], parameters, false) ? { id } : null;
  if (bound !== "$@1") return null;
  const state = field(`${prefix}1`);
  return state !== undefined && formArguments(readReply(state), parameters, false) ? { id } : null;
}
