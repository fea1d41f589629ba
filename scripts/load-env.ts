// The configuration for scripts, from lib/server/config/env.ts like the app's. That module parses process.env when
// it is first imported, so it is imported here, after the script has set what it sets, and a bad value ends the
// script with env.ts's message naming the variable rather than a stack trace.
import type { Env } from "@/lib/server/config/env";

export async function loadEnv(): Promise<Env> {
  try {
    return (await import("@/lib/server/config/env")).env;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Invalid configuration:")) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
