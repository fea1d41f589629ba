// `npm start`: bring the database up to date, then serve the production build on PORT.
// Works on a fresh clone's first run: the SQLite file and its folder are created when missing.
// package.json runs it as `exec node --import tsx`: one process, so npm's SIGTERM and a SIGKILL reach the server
// itself (the tsx command, or sh without exec, would stand in front of it and could die leaving it running).
import { migrateDatabase } from "./database";
import { loadEnv } from "./load-env";

// Before the configuration is read: env.ts's production warnings look at NODE_ENV.
Object.assign(process.env, { CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" });

async function main() {
  const env = await loadEnv();
  // Pinned, so the app (which parses process.env again in its own bundle) uses the file just migrated even if
  // Next loads a .env file that names another.
  process.env.DATABASE_URL = env.DATABASE_URL;
  if (!(await migrateDatabase(env.DATABASE_URL))) {
    console.error("Database migration failed; not starting the portal.");
    process.exit(1);
  }
  if (!env.SMTP_URL) {
    console.warn(
      `WARNING: no SMTP_URL: every email is kept in the dev mailbox, http://localhost:${env.PORT}/dev/mail, for anyone who can reach this server. Set SMTP_URL before exposing it.`,
    );
  }
  if (!env.SMS_URL) {
    console.warn(
      `WARNING: no SMS_URL: every text message (codes included) is kept on the dev phone, http://localhost:${env.PORT}/dev/sms, for anyone who can reach this server. Set SMS_URL before exposing it.`,
    );
  }
  if (!env.DATA_KEY) {
    console.warn(
      `WARNING: no DATA_KEY: two-step verification's secrets are encrypted with a key kept in ${env.DATA_KEY_FILE}, made on first use. Set DATA_KEY (32 random bytes, base64: openssl rand -base64 32), the same on every instance, and keep it out of the database's backups.`,
    );
  }
  // tsx turns source maps on; left on, Node would parse the build's large ones as chunks load (~40 MB more and a
  // slower start, as `next start` does not).
  process.setSourceMapsEnabled(false);
  const { startServer, stopGracefully } = await import("./server");
  const server = await startServer({ port: env.PORT });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopGracefully(server, signal));
}

void main();
