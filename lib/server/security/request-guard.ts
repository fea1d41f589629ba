import "server-only";

// Requests no browser of ours sends are refused at the door with a 4xx, before Next.js parses them (where they
// would end as a 500): bodies over the server actions' limit, bodies of unknown length, undecodable paths.

/** The largest request body the portal takes (next.config.ts gives server actions the same limit). */
export const MAX_BODY_BYTES = 64 * 1024;

export type HostileRequest = { status: 400 | 411 | 413; reason: string };

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
  if (length > MAX_BODY_BYTES) return { status: 413, reason: "That is more than this form takes." };
  return null;
}

// React's reply encoding marks special values with a "$" prefix. These are the ones this portal's own forms
// and action calls send (escaped strings, references to other parts, FormData entries, undefined and friends);
// anything else ("$Q", "$F", "$T", …) would make the decoder throw, which Next.js answers with a 500.
const KNOWN_MARKS = /^\$(\$|@\d+$|K\d+$|undefined$|NaN$|-?Infinity$|-0$|D|n-?\d+$)/;

function wellFormedReply(json: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return false;
  }
  if (value === null || typeof value !== "object") return false;
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === "string" && item.startsWith("$") && !KNOWN_MARKS.test(item)) return false;
    if (item && typeof item === "object") stack.push(...Object.values(item));
  }
  return true;
}

/**
 * A server action's payload that React could not decode: a no-JavaScript form's `$ACTION_n:k` fields, the
 * numbered parts of a multipart action call, or a text action call's body. Tampered ones get 400, not 500.
 */
export function refuseMalformedAction(parts: { fields?: [string, string][]; text?: string }): HostileRequest | null {
  const replies = [
    ...(parts.fields ?? []).filter(([name]) => /^\$ACTION_\d+:\d+$/.test(name) || /^\d+$/.test(name)).map(([, value]) => value),
    ...(parts.text === undefined ? [] : [parts.text]),
  ];
  return replies.every(wellFormedReply) ? null : { status: 400, reason: "The form could not be read." };
}
