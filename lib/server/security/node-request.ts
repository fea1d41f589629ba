import "server-only";
import type { IncomingMessage } from "node:http";
import { MAX_BODY_BYTES } from "./request-guard";

// Reading a Node request, for the handlers that answer before Next.js: the front door (front-door.ts) and the
// portal's own routes (app/_lib/own-routes.ts).

/** A request header as one string (repeated ones joined), or null when absent. */
export function requestHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

/** A form post's Origin header, and the host Next.js compares it with (the first X-Forwarded-Host, else Host). */
export function postOrigin(req: IncomingMessage): { origin: string | null; host: string | null } {
  return {
    origin: requestHeader(req, "origin"),
    host: requestHeader(req, "x-forwarded-host")?.split(",")[0]?.trim() || requestHeader(req, "host"),
  };
}

/**
 * The whole body, or null when it is over MAX_BODY_BYTES (read to its end, none of it kept). The front door has
 * refused a stated length over the limit, and one of unknown length, before anything reads it.
 */
export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.once("error", reject);
    req.once("close", () => reject(new Error("closed before the body ended")));
  });
}
