// `npm run outbox`: what the courier's outbox holds (pending, retrying, dead), and `npm run outbox -- retry ID` to
// put a dead message back in line. Reads DATABASE_URL like the portal.
export {};

process.env.LOG_LEVEL ??= "warn";

async function main() {
  const { outboxCounts, listOutbox, retryDeadMessage } = await import("@/lib/server/courier/outbox");
  const { db } = await import("@/lib/server/db/client");
  const [command, id] = process.argv.slice(2);
  try {
    if (command === "retry") {
      if (!id) throw new Error("usage: npm run outbox -- retry <message id>");
      const result = await retryDeadMessage(id);
      const said = {
        retried: `Message ${id} will be sent again.`,
        "no-such-message": `No dead message ${id}.`,
        secret: `Message ${id} held a link, which was cleared when it died. The person can ask for a new one with "Resend activation email" or "Forgot password".`,
      };
      console.log(said[result]);
      process.exitCode = result === "retried" ? 0 : 1;
      return;
    }
    if (command && command !== "list") throw new Error("usage: npm run outbox [-- list | -- retry <message id>]");
    const counts = await outboxCounts();
    console.log(`pending ${counts.pending}, retrying ${counts.retrying}, dead ${counts.dead}`);
    for (const status of ["pending", "dead"] as const) {
      for (const m of await listOutbox(status)) {
        const when = status === "pending" ? `next try ${m.nextAttemptAt.toISOString()}` : `since ${m.createdAt.toISOString()}`;
        console.log(`${status.padEnd(7)} ${m.id} ${m.kind.padEnd(18)} to ${m.to}  attempts ${m.attempts}  ${when}${m.lastError ? `  last error: ${m.lastError}` : ""}`);
      }
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
