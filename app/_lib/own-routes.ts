import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerHealthCheck } from "@/app/healthz/health-check";
import { answerSignInPost } from "@/app/login/sign-in-post";

/**
 * The requests the portal's server answers after the front door without Next.js (scripts/server.ts calls this;
 * instrumentation.ts registers it): the two asked most often whose cost is priced (docs/BENCHMARKS.md). Resolves
 * false for every other request, which Next.js answers.
 */
export async function answerOwnRoute(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  return (await answerSignInPost(req, res)) || (await answerHealthCheck(req, res));
}
