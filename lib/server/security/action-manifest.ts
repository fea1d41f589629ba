import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// The server actions this build has: the ids Next.js lists in the manifest it writes at `next build`. The front door
// answers a call naming any other id itself (request-guard.ts), as Next.js would but without the stack trace it
// logs for one. Read once; null under `next dev` (whose manifest changes as files are edited) or when the file
// cannot be read, and then Next.js answers such a call.
const MANIFEST = join(".next", "server", "server-reference-manifest.json");

let known: ReadonlySet<string> | null | undefined;

export function knownActionIds(): ReadonlySet<string> | null {
  if (known !== undefined) return known;
  if (process.env.NODE_ENV !== "production") return (known = null);
  try {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), MANIFEST), "utf8")) as { node?: Record<string, unknown> };
    known = manifest.node ? new Set(Object.keys(manifest.node)) : null;
  } catch {
    known = null;
  }
  return known;
}
