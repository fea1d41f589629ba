// `npm run dev`: the development server with reload, behind the same Node server as `npm start` (scripts/server.ts),
// so the OpenID Provider under /oidc answers in development too (`next dev` alone would not mount it).
import { loadEnv } from "./load-env";

Object.assign(process.env, { CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" });

async function main() {
  const env = await loadEnv();
  const { startServer, stopGracefully } = await import("./server");
  const server = await startServer({ port: env.PORT, dev: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopGracefully(server, signal));
}

void main();
