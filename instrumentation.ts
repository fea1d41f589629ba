// Runs once when a server process starts: the outbox worker sends what requests could not (lib/server/courier/outbox.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOutboxWorker } = await import("@/lib/server/courier/worker");
  startOutboxWorker();
}
