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
